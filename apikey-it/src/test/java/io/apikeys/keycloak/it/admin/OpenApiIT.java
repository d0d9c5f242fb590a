package io.apikeys.keycloak.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.admin.ApiKeysAdminResource;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped OpenAPI document describes exactly the served endpoints, and each answers with a documented status. */
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
    void documentListsExactlyTheResourceMethods() throws Exception {
        assertThat(documentedOperations()).isEqualTo(servedOperations());
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

    private static Set<String> documentedOperations() throws Exception {
        Set<String> operations = new TreeSet<>();
        document().get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Method method : ApiKeysAdminResource.class.getMethods()) {
            List<String> verbs = new ArrayList<>();
            Arrays.asList(GET.class, POST.class, PUT.class, DELETE.class).forEach(verb -> {
                if (method.isAnnotationPresent(verb)) {
                    verbs.add(verb.getSimpleName());
                }
            });
            Path path = method.getAnnotation(Path.class);
            verbs.forEach(verb -> operations.add(verb + " " + PREFIX + (path == null ? "" : "/" + path.value())));
        }
        return operations;
    }
}
