package io.apikeys.keycloak.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The role rules of /realms/{realm}/api-keys, called with each console user's own token. */
@KeycloakIntegrationTest
final class ConsoleRestAccessIT {

    private final TestRealm realm;
    private final String url;
    private final String serviceKeyId;
    private final String otherKeyId;

    ConsoleRestAccessIT(TestServer server) {
        realm = ConsoleRealm.create(TestRealm.fromDemo(server));
        url = server.realmUrl(realm.name()) + "/api-keys";
        serviceKeyId = realm.createKey(request -> request.setName("service-key")).getId();
        otherKeyId = realm.createKey(request -> {
            request.setClientId(ConsoleRealm.OTHER_SERVICE);
            request.setName("other-key");
        }).getId();
    }

    @ParameterizedTest(name = "{0} sees [{1}]")
    @CsvSource(delimiter = '|', value = {
            "demo-admin  | demo-service:manage other-service:manage",
            "demo-owner  | demo-service:manage",
            "demo-viewer | demo-service:view other-service:view",
            "demo-user   | ''"})
    void clientsFollowTheRoles(String user, String expected) {
        Http.Result result = Http.get(url + "/clients", token(user));

        assertThat(result.status()).isEqualTo(200);
        List<String> clients = new ArrayList<>();
        result.json().forEach(client -> clients.add(client.get("clientId").asText()
                + (client.get("canManage").asBoolean() ? ":manage" : ":view")));
        assertThat(String.join(" ", clients)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: list {1}, create {2}, rotate {3}, revoke {4}")
    @CsvSource({
            "demo-admin,  200, 201, 201, 204",
            "demo-owner,  200, 201, 201, 204",
            "demo-viewer, 200, 403, 403, 403",
            "demo-user,   403, 403, 404, 404"})
    void actionsOnDemoServiceFollowTheRoles(String user, int list, int create, int rotate, int revoke) {
        String token = token(user);
        String keyId = realm.createKey(request -> request.setName("for-" + user)).getId();

        assertThat(Http.get(url + "?clientId=demo-service", token).status()).isEqualTo(list);
        Http.Result created = Http.json("POST", url, token,
                "{\"clientId\": \"demo-service\", \"name\": \"by-" + user + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(create);
        Http.Result rotated = Http.json("POST", url + "/" + keyId + "/rotate", token,
                "{\"gracePeriodSeconds\": 60}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(rotate);
        assertThat(Http.json("POST", url + "/" + keyId + "/revoke", token, null).status()).isEqualTo(revoke);
        if (create == 201) {
            JsonNode key = created.json();
            IssuedKeys.remember(key.get("key").asText());
            assertThat(key.get("clientId").asText()).isEqualTo("demo-service");
            assertThat(created.header("Location"))
                    .endsWith("/realms/" + realm.name() + "/api-keys/" + key.get("id").asText());
            IssuedKeys.remember(rotated.json().get("key").asText());
        }
    }

    @Test
    void keysOfOtherClientsDoNotExistForTheOwner() {
        String owner = token("demo-owner");

        assertThat(Http.get(url + "/" + otherKeyId, owner).status()).isEqualTo(404);
        assertThat(Http.json("POST", url + "/" + otherKeyId + "/revoke", owner, null).status()).isEqualTo(404);
        assertThat(Http.get(url + "?clientId=" + ConsoleRealm.OTHER_SERVICE, owner).status()).isEqualTo(403);
        assertThat(Http.json("POST", url, owner, "{\"clientId\": \"other-service\", \"name\": \"x\"}").status())
                .isEqualTo(403);
        JsonNode keys = Http.get(url, owner).json();
        assertThat(keys.findValuesAsText("clientId")).as("only the client the owner manages").containsOnly("demo-service");
        assertThat(keys.findValuesAsText("id")).contains(serviceKeyId).doesNotContain(otherKeyId);
        assertThat(keys.findValues("key")).as("a listing never holds a full key").isEmpty();
    }

    @Test
    void withoutAnAccountTokenOfTheRealmNothingIsAnswered() {
        Http.Result anonymous = Http.get(url + "/clients", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(Http.get(url + "/clients", "not-a-token").status()).isEqualTo(401);
        String masterToken = Http.form(realm.tokenUrl().replace("/realms/" + realm.name() + "/", "/realms/master/"))
                .param("grant_type", "password").param("client_id", "admin-cli").param("username", TestServer.ADMIN)
                .param("password", TestServer.ADMIN_PASSWORD).post().json().get("access_token").asText();
        assertThat(Http.get(url + "/clients", masterToken).status()).as("a token of another realm").isEqualTo(401);
    }

    private String token(String user) {
        return realm.userToken(user, user);
    }
}
