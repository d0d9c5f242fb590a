package io.apikeys.keycloak.it.security;

import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A key authenticates only the grants it is made for, and only its own client. */
@KeycloakIntegrationTest
final class KeyGrantsIT {

    private final TestServer server;
    private final TestRealm realm;
    private final String key;

    KeyGrantsIT(TestServer server) {
        this.server = server;
        realm = TestRealm.fromDemo(server);
        ClientRepresentation service = realm.client(TestRealm.SERVICE);
        service.setDirectAccessGrantsEnabled(true);
        realm.admin().clients().get(service.getId()).update(service);
        realm.createUser("alice");
        // Keycloak does not store refresh-token events by default; these tests read the refusal's reason there.
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEnabledEventTypes(List.of("CLIENT_LOGIN_ERROR", "LOGIN_ERROR", "REFRESH_TOKEN_ERROR",
                "CODE_TO_TOKEN_ERROR", "TOKEN_EXCHANGE_ERROR", "INTROSPECT_TOKEN_ERROR"));
        realm.admin().updateRealmEventsConfig(events);
        key = realm.createKey();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"password", "refresh_token", "authorization_code", "token_exchange"})
    void otherGrantsWithTheKeyAsClientSecretAreRefused(String grant) {
        Http.Form form = Http.form(realm.tokenUrl()).basicAuth(TestRealm.SERVICE, key);
        switch (grant) {
            case "password" -> form.param("grant_type", "password").param("username", "alice").param("password", "alice");
            case "refresh_token" -> form.param("grant_type", "refresh_token").param("refresh_token", refreshToken());
            case "authorization_code" -> form.param("grant_type", "authorization_code").param("code", "c0de")
                    .param("redirect_uri", "http://localhost/cb");
            default -> form.param("grant_type", TestRealm.TOKEN_EXCHANGE)
                    .param("subject_token", ownToken())
                    .param("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        }

        long sent = System.currentTimeMillis();
        Http.Result result = form.post();

        assertThat(result.status()).as(result.body()).isEqualTo(401);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(Events.await(realm, Events.since(sent).and(Events.withDetail("reason", "grant_not_allowed")))).isNotNull();
    }

    @Test
    void theExchangeAcceptsTheKeysOwnClientIdAndRefusesAnother() {
        assertThat(realm.exchange(key, "client_id", TestRealm.SERVICE).status()).isEqualTo(200);

        long sent = System.currentTimeMillis();
        Http.Result wrong = realm.exchange(key, "client_id", TestRealm.GATEWAY);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(Events.await(realm, Events.since(sent).and(Events.withDetail("reason", "wrong_client")))).isNotNull();
    }

    @Test
    void basicAndFormClientIdsThatDisagreeAreRefused() {
        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .param("client_id", TestRealm.GATEWAY).basicAuth(TestRealm.SERVICE, key).post();

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void introspectionAndTheExchangeRefuseOnceTheClientNoLongerUsesKeys() {
        TestRealm switched = TestRealm.fromDemo(server);
        String switchedKey = switched.createKey();
        assertThat(switched.introspect(switchedKey, TestRealm.API_KEY_HINT).json().get("active").asBoolean()).isTrue();

        ClientRepresentation service = switched.client(TestRealm.SERVICE);
        service.setClientAuthenticatorType("client-secret");
        switched.admin().clients().get(service.getId()).update(service);

        assertThat(switched.introspect(switchedKey, TestRealm.API_KEY_HINT).json().get("active").asBoolean()).isFalse();
        Http.Result exchange = switched.exchange(switchedKey);
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(401);
        assertThat(exchange.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(exchange.json().get("error_description").asText()).isEqualTo("Invalid client or Invalid client credentials");
        switched.delete();
    }

    private String ownToken() {
        return Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET).post().json().get("access_token").asText();
    }

    private String refreshToken() {
        Http.Result login = Http.form(realm.tokenUrl()).param("grant_type", "password").param("username", "alice")
                .param("password", "alice").basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET).post();
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("refresh_token").asText();
    }
}
