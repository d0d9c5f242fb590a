package io.apikeys.keycloak.it.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.Jwks;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8693: a service trades its key, and nothing else, for a short-lived JWT. */
@KeycloakIntegrationTest
final class TokenExchangeIT {

    private final TestServer server;
    private final TestRealm realm;

    TokenExchangeIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void exchangeWithOnlyTheKey() throws Exception {
        ApiKeyRepresentation key = realm.createKey(r -> {
            r.setScopes(List.of("orders:read"));
            r.setTokenLifespanSeconds(120);
        });

        Http.Result result = realm.exchange(key.getKey(), "scope", "orders:read");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.get("expires_in").asInt()).isBetween(115, 120);
        assertThat(body.get("scope").asText()).contains("orders:read");

        JsonNode claims = TestRealm.claims(body.get("access_token").asText());
        String serviceAccountId = realm.admin().clients().get(realm.client("demo-service").getId())
                .getServiceAccountUser().getId();
        assertThat(claims.get("sub").asText()).isEqualTo(serviceAccountId);
        assertThat(claims.get("azp").asText()).isEqualTo("demo-service");
        assertThat(claims.get("api_key_id").asText()).isEqualTo(key.getId());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(120);
        assertThat(claims.get("scope").asText()).contains("orders:read");
        assertThat(Jwks.signatureValid(server.realmUrl(realm.name()), body.get("access_token").asText())).isTrue();
    }

    @Test
    void scopeOutsideTheKeyIsInvalidScope() {
        String key = realm.createKey(r -> r.setScopes(List.of("orders:read"))).getKey();

        Http.Result result = realm.exchange(key, "scope", "orders:write");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void audienceOutsideTheKeyIsInvalidTarget() {
        String key = realm.createKey(r -> r.setAudiences(List.of("demo-gateway"))).getKey();

        assertThat(TestRealm.claims(realm.exchange(key, "audience", "demo-gateway").json().get("access_token").asText())
                .get("aud").toString()).contains("demo-gateway");
        Http.Result refused = realm.exchange(key, "audience", "admin-cli");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_target");
    }

    @Test
    void rolesAreLimitedToTheKeys() {
        String key = realm.createKey(r -> r.setRoles(List.of("demo-service/read"))).getKey();

        JsonNode claims = TestRealm.claims(realm.exchange(key).json().get("access_token").asText());

        assertThat(claims.path("realm_access").path("roles")).isEmpty();
        assertThat(claims.path("resource_access").path("demo-service").path("roles").toString()).isEqualTo("[\"read\"]");
    }
}
