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

/** A client switched to "Client secret or API key" accepts its keys and its own secret as client secret. */
@KeycloakIntegrationTest
final class ClientCredentialsIT {

    private final TestRealm realm;

    ClientCredentialsIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
    }

    @Test
    void keyAsClientSecretInTheForm() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setTokenLifespanSeconds(90));

        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .param("client_id", TestRealm.SERVICE).param("client_secret", key.getKey()).post();

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().has("refresh_token")).isFalse();
        JsonNode claims = TestRealm.claims(result.json().get("access_token").asText());
        assertThat(claims.get("api_key_id").asText()).isEqualTo(key.getId());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(90);
    }

    @Test
    void keyAsClientSecretWithHttpBasic() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setScopes(List.of("orders:read")));

        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .param("scope", "orders:read").basicAuth(TestRealm.SERVICE, key.getKey()).post();

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(TestRealm.claims(result.json().get("access_token").asText()).get("scope").asText()).contains("orders:read");
    }

    @Test
    void keyRestrictionsApplyToClientCredentials() {
        String key = realm.createKey(r -> r.setScopes(List.of("orders:read"))).getKey();

        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .param("scope", "orders:write").basicAuth(TestRealm.SERVICE, key).post();

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void theClientsOwnSecretKeepsWorkingWithoutKeyRestrictions() {
        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET).post();

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(TestRealm.claims(result.json().get("access_token").asText()).has("api_key_id")).isFalse();
    }

    @Test
    void aKeyOnlyAuthenticatesItsOwnClient() {
        String key = realm.createKey();

        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .basicAuth(TestRealm.GATEWAY, key).post();

        assertThat(result.status()).isEqualTo(401);
    }
}
