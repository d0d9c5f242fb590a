package io.apikeys.keycloak.it.console;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console's page as its users see it: demo-admin manages a client's key (create, copy once, use, rotate,
 * revoke); a person with no client rights manages their own personal key.
 */
@KeycloakIntegrationTest
final class ApiKeysPageIT {

    private static final String PERSONAL_CLIENT = "scripts";

    private final TestRealm realm;
    private final ConsoleBrowser browser;

    ApiKeysPageIT(TestServer server) {
        realm = ConsoleRealm.create(TestRealm.fromDemo(server));
        realm.allowPersonalKeys(PERSONAL_CLIENT);
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

    @Test
    void aPersonCreatesCopiesUsesAndRevokesTheirOwnKey() {
        String username = "pat-" + UUID.randomUUID().toString().substring(0, 6);
        String userId = realm.createUser(username);
        realm.grantRealmRoles(userId, "orders-reader");

        browser.login(username, username);
        assertThat(browser.has("empty-state")).as("no client rights, yet a page of one's own").isFalse();
        browser.click("create-personal-key").type("personal-name", "laptop-cli")
                .select("personal-clientId", PERSONAL_CLIENT).click("personal-role-orders-reader");
        browser.screenshot("create-personal-dialog");
        browser.click("confirm-create-personal");
        String key = IssuedKeys.remember(browser.oneTimeKey());
        assertThat(key).startsWith("kcpk_").hasSize(43);
        assertThat(browser.click("copy-key").find("key-copied").getText()).isEqualTo("Copied to the clipboard.");
        assertThat(browser.clipboard()).isEqualTo(key);
        browser.click("close-key-dialog").waitForStatus(start(key), "ACTIVE");
        assertThat(browser.everything()).doesNotContain(key).contains(start(key)).contains("orders-reader");

        Http.Result exchanged = realm.exchange(key);
        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        JsonNode claims = TestRealm.claims(exchanged.json().get("access_token").asText());
        assertThat(claims.get("sub").asText()).isEqualTo(userId);
        assertThat(claims.get("azp").asText()).isEqualTo(PERSONAL_CLIENT);
        assertThat(claims.get("realm_access").get("roles").toString()).isEqualTo("[\"orders-reader\"]");
        long expires = realm.keys().listOfUser(userId, null, null, null).get(0).getExpiresTimestamp();
        assertThat(expires - System.currentTimeMillis()).as("the form's default: the end of the day in 30 days")
                .isBetween(TimeUnit.DAYS.toMillis(30), TimeUnit.DAYS.toMillis(31));

        browser.rowAction(start(key), "revoke").click("confirm-revoke").waitForStatus(start(key), "REVOKED");
        assertThat(realm.exchange(key).status()).isEqualTo(401);
        browser.screenshot("personal-keys");
    }

    private static String start(String key) {
        return key.substring(0, 12);
    }
}
