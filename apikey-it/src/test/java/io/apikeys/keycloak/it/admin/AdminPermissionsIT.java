package io.apikeys.keycloak.it.admin;

import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what: Keycloak's own admin permissions decide. Each row is a caller, each column an operation,
 * each cell the status the caller gets.
 */
@KeycloakIntegrationTest
final class AdminPermissionsIT {

    private static final List<String> OPERATIONS = List.of("list", "get", "create", "update", "revoke");

    private final TestServer server;
    private final TestRealm realm;
    private final TestRealm otherRealm;

    AdminPermissionsIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
        this.otherRealm = TestRealm.fromDemo(server);
    }

    @Test
    void permissionMatrix() {
        realm.createUser("realm-admin", "realm-admin");
        realm.createUser("viewer", "view-clients");
        realm.createUser("nobody");
        otherRealm.createUser("other-admin", "realm-admin");

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("realm-admin", List.of(200, 200, 201, 200, 204));
        expected.put("viewer", List.of(200, 200, 403, 403, 403));
        expected.put("nobody", List.of(403, 403, 403, 403, 403));
        expected.put("other-admin", List.of(403, 403, 403, 403, 403));
        expected.put("no token", List.of(401, 401, 401, 401, 401));

        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (String caller : expected.keySet()) {
            String token = switch (caller) {
                case "no token" -> null;
                case "other-admin" -> otherRealm.userToken(caller, caller);
                default -> realm.userToken(caller, caller);
            };
            actual.put(caller, OPERATIONS.stream().map(operation -> call(operation, token)).toList());
        }

        assertThat(actual).isEqualTo(expected);
    }

    private int call(String operation, String token) {
        String id = realm.createKey(r -> { }).getId();
        Function<String, Http.Result> json = body -> Http.json("PUT", realm.keysUrl() + "/" + id, token, body);
        return switch (operation) {
            case "list" -> Http.get(realm.keysUrl(), token).status();
            case "get" -> Http.get(realm.keysUrl() + "/" + id, token).status();
            case "create" -> track(Http.json("POST", realm.keysUrl(), token, "{\"clientId\":\"demo-service\",\"name\":\"m\"}"));
            case "update" -> json.apply("{\"description\":\"changed\"}").status();
            case "revoke" -> Http.json("POST", realm.keysUrl() + "/" + id + "/revoke", token, null).status();
            default -> throw new IllegalArgumentException(operation);
        };
    }

    private static int track(Http.Result created) {
        if (created.status() == 201) {
            io.apikeys.keycloak.it.harness.IssuedKeys.remember(created.json().get("key").asText());
        }
        return created.status();
    }
}
