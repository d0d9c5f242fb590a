package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.RotateRequest;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKeyFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a key can be unusable gives the caller the same 401 body (and introspection {"active": false});
 * only the Keycloak event says why.
 */
@KeycloakIntegrationTest
final class KeyFailuresIT {

    static final String UNIFORM_BODY =
            "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}";

    enum Failure { UNKNOWN, MALFORMED, EXPIRED, REVOKED, DISABLED, CLIENT_DISABLED, SERVICE_ACCOUNT_DISABLED, IP_NOT_ALLOWED }

    private final TestRealm realm;

    KeyFailuresIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void refusedUniformlyWithTheReasonInTheEvent(Failure failure) {
        String key = unusableKey(failure);
        long sent = System.currentTimeMillis();

        Http.Result exchange = realm.exchange(key);
        Http.Result introspection = realm.introspect(key, TestRealm.API_KEY_HINT);

        assertThat(exchange.status()).isEqualTo(401);
        assertThat(exchange.json().toString()).isEqualTo(UNIFORM_BODY);
        assertThat(exchange.body()).doesNotContain(key);
        if (failure != Failure.IP_NOT_ALLOWED) {
            assertThat(introspection.json().toString()).isEqualTo("{\"active\":false}");
        }
        String reason = failure.name().toLowerCase().replace("unknown", "unknown_key").replace("malformed", "malformed_key")
                .replace("expired", "expired_key").replace("revoked", "revoked_key").replaceFirst("^disabled$", "disabled_key");
        EventRepresentation event = Events.await(realm, Events.since(sent).and(Events.withDetail("reason", reason)));
        assertThat(event.getType()).isEqualTo("TOKEN_EXCHANGE_ERROR");
        assertThat(event.getDetails().values()).noneMatch(value -> value.contains(key));
    }

    private String unusableKey(Failure failure) {
        return switch (failure) {
            case UNKNOWN -> ApiKeyFormat.generate("kcak").reveal();
            case MALFORMED -> "kcak_this-is-not-a-key";
            case EXPIRED -> {
                ApiKeyRepresentation key = realm.createKey(r -> { });
                realm.keys().rotate(key.getId(), new RotateRequest(0L));
                yield key.getKey();
            }
            case REVOKED -> {
                ApiKeyRepresentation key = realm.createKey(r -> { });
                realm.keys().revoke(key.getId());
                yield key.getKey();
            }
            case DISABLED -> realm.createKey(r -> r.setEnabled(false)).getKey();
            case CLIENT_DISABLED -> {
                String key = realm.createKey();
                setClientEnabled(false);
                yield key;
            }
            case SERVICE_ACCOUNT_DISABLED -> {
                String key = realm.createKey();
                setServiceAccountEnabled(false);
                yield key;
            }
            case IP_NOT_ALLOWED -> realm.createKey(r -> r.setAllowedIps(List.of("10.0.0.0/8"))).getKey();
        };
    }

    @AfterEach
    void restoreClient() {
        setClientEnabled(true);
        setServiceAccountEnabled(true);
    }

    private void setClientEnabled(boolean enabled) {
        ClientRepresentation client = realm.client(TestRealm.SERVICE);
        client.setEnabled(enabled);
        realm.admin().clients().get(client.getId()).update(client);
    }

    private void setServiceAccountEnabled(boolean enabled) {
        String clientUuid = realm.client(TestRealm.SERVICE).getId();
        UserRepresentation user = realm.admin().clients().get(clientUuid).getServiceAccountUser();
        user.setEnabled(enabled);
        realm.admin().users().get(user.getId()).update(user);
    }
}
