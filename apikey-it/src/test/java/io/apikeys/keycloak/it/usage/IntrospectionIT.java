package io.apikeys.keycloak.it.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7662: a gateway asks Keycloak whether a key is good, and learns whose it is. */
@KeycloakIntegrationTest
final class IntrospectionIT {

    private final TestRealm realm;

    IntrospectionIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
    }

    @Test
    void activeKey() {
        long expires = System.currentTimeMillis() + 3_600_000L;
        ApiKeyRepresentation key = realm.createKey(r -> {
            r.setScopes(List.of("orders:read"));
            r.setExpiresTimestamp(expires);
        });

        JsonNode body = realm.introspect(key.getKey(), TestRealm.API_KEY_HINT).json();

        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("token_type").asText()).isEqualTo(TestRealm.API_KEY_HINT);
        assertThat(body.get("client_id").asText()).isEqualTo("demo-service");
        assertThat(body.get("username").asText()).isEqualTo("service-account-demo-service");
        assertThat(body.get("sub").asText()).isEqualTo(realm.serviceAccountId());
        assertThat(body.get("scope").asText()).isEqualTo("orders:read");
        assertThat(body.get("iat").asLong()).isEqualTo(key.getCreatedTimestamp() / 1000);
        assertThat(body.get("exp").asLong()).isEqualTo(expires / 1000);
        assertThat(body.get("api_key_id").asText()).isEqualTo(key.getId());
        assertThat(body.toString()).doesNotContain(key.getKey());
    }

    @Test
    void anythingElseIsInactive() {
        String key = realm.createKey();
        String tampered = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");

        assertThat(realm.introspect(tampered, TestRealm.API_KEY_HINT).json().toString()).isEqualTo("{\"active\":false}");
        assertThat(realm.introspect("garbage", TestRealm.API_KEY_HINT).json().toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void ordinaryAccessTokensStillIntrospect() {
        String key = realm.createKey(r -> r.setAudiences(List.of(TestRealm.GATEWAY))).getKey();
        String accessToken = realm.exchange(key).json().get("access_token").asText();

        Http.Result result = realm.introspect(accessToken, null);

        assertThat(result.json().get("active").asBoolean()).as(result.body()).isTrue();
        assertThat(result.json().get("azp").asText()).isEqualTo(TestRealm.SERVICE);
    }
}
