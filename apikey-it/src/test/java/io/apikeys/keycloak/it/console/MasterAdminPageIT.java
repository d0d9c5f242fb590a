package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin of the master realm manages another realm's keys on the master account console's page (the admin console
 * has no place for it): the realm selector lists the realms he administers, and the page acts there with his admin
 * rights. Nobody else reaches another realm: a user of another realm, or a user of master without admin roles, gets
 * only their own realm, and 404 for any other.
 */
@KeycloakIntegrationTest
final class MasterAdminPageIT {

    private final TestServer server;
    private final TestRealm realm;
    private final RealmResource master;
    private final String masterTheme;

    MasterAdminPageIT(TestServer server) {
        this.server = server;
        realm = TestRealm.fromDemo(server);
        master = server.admin().realm("master");
        RealmRepresentation representation = master.toRepresentation();
        masterTheme = representation.getAccountTheme();
        representation.setAccountTheme("api-keys");
        master.update(representation);
    }

    @AfterAll
    void restoreMasterTheme() {
        RealmRepresentation representation = master.toRepresentation();
        representation.setAccountTheme(masterTheme == null ? "" : masterTheme);
        master.update(representation);
    }

    @Test
    void aMasterAdminCreatesAKeyInAnotherRealm() {
        try (ConsoleBrowser browser = ConsoleBrowser.open(server, "master")) {
            browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD)
                    .select("realm-selector", realm.name())
                    .until(() -> browser.has("client-section"));
            browser.click("create-key").type("key-name", "from-master").click("confirm-create");
            String key = IssuedKeys.remember(browser.oneTimeKey());
            browser.click("close-key-dialog");

            List<ApiKeyRepresentation> created = realm.keys().list(null, null, "from-master", null, null);
            assertThat(created).singleElement().extracting(ApiKeyRepresentation::getClientId).isEqualTo(TestRealm.SERVICE);
            assertThat(realm.exchange(key).status()).isEqualTo(200);
            AdminEventRepresentation event = Events.admin(realm).stream()
                    .filter(e -> ("api-keys/" + created.get(0).getId()).equals(e.getResourcePath())).findFirst().orElseThrow();
            assertThat(event.getAuthDetails().getRealmId()).as("authored in master").isEqualTo(master.toRepresentation().getId());
        }
    }

    @Test
    void onlyMastersAdminsReachAnotherRealm() {
        String admin = server.admin().tokenManager().getAccessTokenString();
        Http.Result realms = Http.get(server.realmUrl("master") + "/api-keys/realms", admin);
        assertThat(realms.status()).isEqualTo(200);
        assertThat(realms.json().get(0).asText()).isEqualTo("master");
        assertThat(realms.body()).contains("\"" + realm.name() + "\"");
        assertThat(Http.get(server.realmUrl("master") + "/api-keys/realms/" + realm.name() + "/clients", admin).body())
                .contains("\"" + TestRealm.SERVICE + "\"");
        assertThat(Http.get(server.realmUrl("master") + "/api-keys/realms/" + realm.name() + "/personal", admin).status())
                .as("personal keys are one's own, in one's own realm").isEqualTo(404);

        String demoAdmin = realm.userToken("demo-admin", "demo-admin");
        assertThat(Http.get(realm.realmUrl() + "/api-keys/realms", demoAdmin).body()).isEqualTo("[\"" + realm.name() + "\"]");
        assertThat(Http.get(realm.realmUrl() + "/api-keys/realms/master/clients", demoAdmin).status()).isEqualTo(404);
        assertThat(Http.get(server.realmUrl("master") + "/api-keys/realms/" + realm.name() + "/clients", demoAdmin).status())
                .as("another realm's token").isEqualTo(401);

        String plain = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        String plainId = createMasterUser(plain);
        try {
            String token = Http.form(server.tokenUrl("master")).param("grant_type", "password").param("client_id", "admin-cli")
                    .param("username", plain).param("password", plain).post().json().get("access_token").asText();
            assertThat(Http.get(server.realmUrl("master") + "/api-keys/realms", token).body()).isEqualTo("[\"master\"]");
            assertThat(Http.get(server.realmUrl("master") + "/api-keys/realms/" + realm.name() + "/clients", token).status())
                    .isEqualTo(404);
            assertThat(Http.get(server.realmUrl("master") + "/api-keys/realms/no-such-realm/clients", admin).status())
                    .isEqualTo(404);
        } finally {
            master.users().delete(plainId).close();
        }
    }

    private String createMasterUser(String username) {
        try (Response response = master.users().create(TestRealm.user(username))) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }
}
