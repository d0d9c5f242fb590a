package io.apikeys.keycloak.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.admin.ApiKeysAdminResource;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each operation of the shipped OpenAPI document answers on a real server with a documented status (that the
 * document names exactly the served methods is the unit test OpenApiDocumentTest).
 */
@KeycloakIntegrationTest
final class OpenApiIT {

    private static final String PREFIX = "/admin/realms/{realm}/api-keys";
    private final TestServer server;
    private final TestRealm realm;

    OpenApiIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void everyDocumentedOperationAnswersWithADocumentedStatus() throws Exception {
        JsonNode paths = document().get("paths");
        String token = server.admin().tokenManager().getAccessTokenString();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (operation.getKey().equals("parameters")) {
                    continue;
                }
                String id = realm.createKey(r -> { }).getId();
                String url = server.baseUrl() + path.getKey().replace("{realm}", realm.name()).replace("{id}", id);
                String method = operation.getKey().toUpperCase();
                String body = method.equals("POST") && path.getKey().equals(PREFIX)
                        ? "{\"clientId\":\"demo-service\",\"name\":\"openapi\"}" : method.equals("GET") ? null : "{}";
                Http.Result result = Http.json(method, url, token, body);
                if (result.status() == 201) {
                    io.apikeys.keycloak.it.harness.IssuedKeys.remember(result.json().get("key").asText());
                }
                assertThat(operation.getValue().get("responses").has(String.valueOf(result.status())))
                        .as("%s %s answered %s: %s", method, path.getKey(), result.status(), result.body()).isTrue();
                assertThat(result.status()).isLessThan(300);
            }
        }
    }

    private static JsonNode document() throws Exception {
        try (InputStream in = ApiKeysAdminResource.class.getResourceAsStream("/openapi/api-keys-admin.json")) {
            return Http.JSON.readTree(in);
        }
    }
}
