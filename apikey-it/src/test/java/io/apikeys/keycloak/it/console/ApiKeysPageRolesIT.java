package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who sees what on the page: the same role rules the server enforces, seen through the browser. */
@KeycloakIntegrationTest
final class ApiKeysPageRolesIT {

    private final TestRealm realm;
    private final ConsoleBrowser browser;

    ApiKeysPageRolesIT(TestServer server) {
        realm = ConsoleRealm.create(TestRealm.fromDemo(server));
        realm.createKey(request -> request.setName("existing"));
        browser = ConsoleBrowser.open(server, realm);
    }

    @AfterEach
    void signOut() {
        browser.signOut();
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @Test
    void adminSeesEveryServiceClient() {
        browser.login("demo-admin", "demo-admin");

        assertThat(browser.clientSections()).containsExactly(TestRealm.SERVICE, ConsoleRealm.OTHER_SERVICE);
        assertThat(browser.has("create-key")).isTrue();
        assertThat(browser.has("read-only")).isFalse();
        browser.select("client-filter", ConsoleRealm.OTHER_SERVICE)
                .until(() -> browser.clientSections().equals(List.of(ConsoleRealm.OTHER_SERVICE)));
    }

    @Test
    void ownerSeesOnlyTheClientTheyManage() {
        browser.login("demo-owner", "demo-owner");

        assertThat(browser.clientSections()).containsExactly(TestRealm.SERVICE);
        assertThat(browser.find("key-row").getText()).contains("existing");
        assertThat(browser.has("create-key")).isTrue();
        assertThat(browser.has("revoke")).isTrue();
    }

    @Test
    void viewerSeesEverythingButCannotChangeAnything() {
        browser.login(ConsoleRealm.VIEWER, ConsoleRealm.VIEWER);

        assertThat(browser.clientSections()).containsExactly(TestRealm.SERVICE, ConsoleRealm.OTHER_SERVICE);
        assertThat(browser.find("key-row").getText()).contains("existing");
        assertThat(browser.find("read-only").getText()).isEqualTo("Read only");
        assertThat(browser.has("create-key")).isFalse();
        assertThat(browser.has("rotate")).isFalse();
        assertThat(browser.has("revoke")).isFalse();
    }

    @Test
    void plainUserSeesWhomToAsk() {
        browser.login("demo-user", "demo-user");

        assertThat(browser.find("empty-state").getText()).contains("api-key-manager");
        assertThat(browser.clientSections()).isEmpty();
        browser.screenshot("empty-state");
    }
}
