package io.apikeys.keycloak.it.admin;

import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.AuthorizationResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.authorization.ScopePermissionRepresentation;
import org.keycloak.representations.idm.authorization.UserPolicyRepresentation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static io.apikeys.keycloak.it.harness.TestRealm.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fine-grained admin permissions (v2): in a realm with {@code adminPermissionsEnabled}, a scope permission on one
 * client is all an admin needs for that client's keys; it reaches no other client's keys and not the realm settings.
 * Each row is a caller acting on one client's keys, each column an operation, each cell the status the caller gets.
 */
@KeycloakIntegrationTest
final class FineGrainedAdminPermissionsIT {

    private static final String OTHER = "other-service";
    private static final List<String> OPERATIONS = List.of("list", "get", "create", "update", "rotate", "revoke", "delete");

    private final TestRealm realm;
    private final AuthorizationResource permissions;

    FineGrainedAdminPermissionsIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        createServiceClient(OTHER);
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setAdminPermissionsEnabled(true);
        realm.admin().update(rep);
        permissions = realm.admin().clients().get(realm.client("admin-permissions").getId()).authorization();
        String manager = realm.createUser("manager");
        String viewer = realm.createUser("viewer");
        realm.createUser("nobody");
        // Permissions for the same scope are combined unanimously, so each scope gets one permission naming
        // everyone who holds it (a "viewer" permission of its own would deny view to the manager).
        permit("view", manager, viewer);
        permit("manage", manager);
    }

    @Test
    void permissionMatrix() {
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("manager on " + SERVICE, List.of(200, 200, 201, 200, 201, 204, 204));
        expected.put("manager on " + OTHER, List.of(403, 403, 403, 403, 403, 403, 403));
        expected.put("viewer on " + SERVICE, List.of(200, 200, 403, 403, 403, 403, 403));
        expected.put("viewer on " + OTHER, List.of(403, 403, 403, 403, 403, 403, 403));
        expected.put("nobody on " + SERVICE, List.of(403, 403, 403, 403, 403, 403, 403));

        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (String row : expected.keySet()) {
            String caller = row.substring(0, row.indexOf(' '));
            String client = row.substring(row.lastIndexOf(' ') + 1);
            String token = realm.userToken(caller, caller);
            actual.put(row, OPERATIONS.stream().map(operation -> call(operation, client, token)).toList());
        }

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void listShowsOnlyKeysOfTheClientsTheCallerMayView() {
        String own = realm.createKey(r -> { }).getId();
        String other = realm.createKey(r -> r.setClientId(OTHER)).getId();
        assertThat(realm.keys().list(null, null, null, null, null)).extracting("id").contains(own, other);

        for (String caller : List.of("manager", "viewer")) {
            Http.Result list = Http.get(realm.keysUrl(), realm.userToken(caller, caller));

            assertThat(list.status()).as(caller).isEqualTo(200);
            assertThat(field(list, "id")).as(caller).contains(own).doesNotContain(other);
            assertThat(field(list, "clientId")).as(caller).containsOnly(SERVICE);
        }
        assertThat(Http.get(realm.keysUrl(), realm.userToken("nobody", "nobody")).status()).isEqualTo(403);
    }

    @Test
    void unknownClientAndRealmSettingsAreForbiddenToClientAdmins() {
        for (String caller : List.of("manager", "viewer")) {
            String token = realm.userToken(caller, caller);

            assertThat(Http.get(realm.keysUrl() + "?clientId=nope", token).status()).as(caller).isEqualTo(403);
            assertThat(Http.json("POST", realm.keysUrl(), token, "{\"clientId\":\"nope\",\"name\":\"m\"}").status())
                    .as(caller).isEqualTo(403);
            assertThat(Http.get(realm.keysUrl() + "/settings", token).status()).as(caller).isEqualTo(403);
            assertThat(Http.json("PUT", realm.keysUrl() + "/settings", token, "{\"maxKeysPerClient\":1}").status())
                    .as(caller).isEqualTo(403);
        }
    }

    private int call(String operation, String client, String token) {
        String key = realm.keysUrl() + "/" + realm.createKey(r -> r.setClientId(client)).getId();
        return switch (operation) {
            case "list" -> Http.get(realm.keysUrl() + "?clientId=" + client, token).status();
            case "get" -> Http.get(key, token).status();
            case "create" -> track(Http.json("POST", realm.keysUrl(), token, "{\"clientId\":\"" + client + "\",\"name\":\"m\"}"));
            case "update" -> Http.json("PUT", key, token, "{\"description\":\"changed\"}").status();
            case "rotate" -> track(Http.json("POST", key + "/rotate", token, "{\"gracePeriodSeconds\":0}"));
            case "revoke" -> Http.json("POST", key + "/revoke", token, null).status();
            case "delete" -> Http.json("DELETE", key, token, null).status();
            default -> throw new IllegalArgumentException(operation);
        };
    }

    /** A user policy naming these users, and a permission of that policy for this scope on demo-service. */
    private void permit(String scope, String... userIds) {
        UserPolicyRepresentation policy = new UserPolicyRepresentation();
        policy.setName("may " + scope + " " + SERVICE);
        Arrays.stream(userIds).forEach(policy::addUser);
        try (Response response = permissions.policies().user().create(policy)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        ScopePermissionRepresentation permission = new ScopePermissionRepresentation();
        permission.setName(scope + " " + SERVICE);
        permission.setResourceType("Clients");
        permission.setResources(Set.of(realm.client(SERVICE).getId()));
        permission.setScopes(Set.of(scope));
        permission.addPolicy(policy.getName());
        try (Response response = permissions.permissions().scope().create(permission)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
    }

    private void createServiceClient(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        realm.admin().clients().create(client).close();
    }

    private static List<String> field(Http.Result list, String name) {
        return StreamSupport.stream(list.json().spliterator(), false).map(key -> key.get(name).asText()).toList();
    }

    private static int track(Http.Result created) {
        if (created.status() == 201) {
            IssuedKeys.remember(created.json().get("key").asText());
        }
        return created.status();
    }
}
