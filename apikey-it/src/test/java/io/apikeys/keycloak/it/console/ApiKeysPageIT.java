package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** demo-admin manages a key in the account console: create, copy once, use, rotate, revoke. */
@KeycloakIntegrationTest
final class ApiKeysPageIT {

    private final TestRealm realm;
    private final ConsoleBrowser browser;

    ApiKeysPageIT(TestServer server) {
        realm = ConsoleRealm.create(TestRealm.fromDemo(server));
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
    void createUseRotateAndRevokeAKey() throws IOException {
        browser.login("demo-admin", "demo-admin").click("create-key")
                .type("key-name", "ci-deploy").type("key-description", "Deploys from CI")
                .type("key-scopes", "orders:read").type("key-requests", "100").type("key-windowSeconds", "60")
                .type("key-quotaRequests", "5000").select("key-quotaPeriod", "MONTH").click("key-selfRotation")
                .type("key-contacts", "ops@example.test, dev@example.test");
        browser.screenshot("create-dialog");
        browser.click("confirm-create");

        String key = IssuedKeys.remember(browser.oneTimeKey());
        assertThat(key).startsWith("kcak_").hasSize(43);
        assertThat(browser.find("key-warning").getText()).contains("shown only this once");
        browser.screenshot("one-time-key");
        browser.click("close-key-dialog");

        assertThat(browser.everything()).doesNotContain(key);
        assertThat(browser.reload().everything()).doesNotContain(key).contains(start(key));
        assertThat(realm.exchange(key, "scope", "orders:read").status()).isEqualTo(200);
        ApiKeyRepresentation created = realm.keys().list(null, null, "ci-deploy", null, null).get(0);
        assertThat(created.getQuota().getRequests()).isEqualTo(5000);
        assertThat(created.getQuota().getPeriod()).isEqualTo("MONTH");
        assertThat(created.getSelfRotation()).as("the create dialog's checkbox").isTrue();
        assertThat(created.getContacts()).containsExactly("ops@example.test", "dev@example.test");

        browser.rowAction(start(key), "rotate").select("grace-period", "3600").click("confirm-rotate");
        String rotated = IssuedKeys.remember(browser.oneTimeKey());
        browser.click("close-key-dialog").waitForStatus(start(rotated), "ACTIVE");
        assertThat(rotated).isNotEqualTo(key);
        assertThat(realm.exchange(rotated).status()).isEqualTo(200);
        assertThat(realm.exchange(key).status()).as("old key within its grace period").isEqualTo(200);

        browser.rowAction(start(rotated), "revoke").click("confirm-revoke").waitForStatus(start(rotated), "REVOKED");
        assertThat(realm.exchange(rotated).status()).isEqualTo(401);
        assertThat(browser.everything()).doesNotContain(key).doesNotContain(rotated);

        Path list = browser.waitForLastUse(start(key)).screenshot("list");
        if (Boolean.getBoolean("it.docs-screenshot")) {
            Path docs = Files.createDirectories(Path.of(System.getProperty("project.root"), "docs"));
            Files.copy(list, docs.resolve("console.png"), StandardCopyOption.REPLACE_EXISTING);
        }
        ApiKeyRepresentation leaked = realm.createKey(r -> r.setName("leaky"));
        Http.postJson(realm.realmUrl() + "/api-keys/leaks", "{\"keys\":[\"" + leaked.getKey() + "\"]}");
        browser.reload().waitForStatus(leaked.getStart(), "REVOKED");
        assertThat(browser.everything()).as("the reason on the row").contains("reported as leaked");
        browser.select("status-filter", "REVOKED").until(() -> browser.keyStatuses().equals(List.of("REVOKED", "REVOKED")));
    }

    @Test
    void serverErrorsShowInTheDialog() {
        browser.login("demo-admin", "demo-admin").click("create-key")
                .type("key-name", "bad-network").type("key-allowedIps", "10.0.0.0/33").click("confirm-create");

        assertThat(browser.find("dialog-error").getText()).contains("10.0.0.0/33");
        assertThat(browser.has("key-dialog")).isFalse();
        assertThat(realm.keys().list(null, null, "bad-network", null, null)).isEmpty();
    }

    private static String start(String key) {
        return key.substring(0, 12);
    }
}
