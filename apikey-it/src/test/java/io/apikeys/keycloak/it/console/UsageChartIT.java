package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeyUsageRepresentation;
import io.apikeys.keycloak.client.QuotaRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.client.RotateRequest;
import io.apikeys.keycloak.client.UsageBucketRepresentation;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * demo-owner opens a key's usage on the API keys page: 30 daily bars, today's with the uses just made, and the
 * quota's current use.
 */
@KeycloakIntegrationTest
final class UsageChartIT {

    private static final String ZERO = ": 0 accepted, 0 refused";

    private final TestRealm realm;
    private final ConsoleBrowser browser;

    UsageChartIT(TestServer server) {
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
    void theUsageChartShowsTheUsesJustMade() {
        ApiKeyRepresentation used = realm.createKey(r -> {
            r.setName("used-key");
            r.setRateLimit(new RateLimitRepresentation(3, 3600));
        });
        ApiKeyRepresentation unused = realm.createKey(r -> r.setName("unused-key"));
        assertThat(realm.exchange(used.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(used.getKey()).status()).isEqualTo(200);
        assertThat(realm.introspect(used.getKey(), TestRealm.API_KEY_HINT).json().get("active").asBoolean())
                .isTrue();
        assertThat(realm.exchange(used.getKey()).status()).as("over the rate limit").isEqualTo(429);
        ApiKeyRepresentation limited = realm.createKey(r -> r.setQuota(new QuotaRepresentation(3, "DAY")));
        assertThat(realm.exchange(limited.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(limited.getKey()).status()).isEqualTo(200);
        ApiKeyRepresentation successor = realm.keys().rotate(limited.getId(), new RotateRequest(3600L));
        String today = awaitDayWithUses(used.getId(), 3, 1);
        awaitDayWithUses(limited.getId(), 2, 0);

        browser.login("demo-owner", "demo-owner").showUsage(used.getStart());

        List<String> days = browser.usageDays(used.getStart());
        assertThat(days).hasSize(30).last().isEqualTo(today + ": 3 accepted, 1 refused");
        assertThat(days.subList(0, 29)).allSatisfy(day -> assertThat(day).endsWith(ZERO));
        assertThat(browser.usageText(used.getStart(), "usage-total"))
                .startsWith("Last 30 days: 3 accepted, 1 refused.");
        assertThat(browser.usageText(used.getStart(), "quota-use")).as("no quota, no quota bar").isNull();
        browser.screenshot("usage-chart");

        browser.showUsage(unused.getStart());
        assertThat(browser.usageDays(unused.getStart())).hasSize(30)
                .allSatisfy(day -> assertThat(day).endsWith(ZERO));
        assertThat(browser.usageText(unused.getStart(), "usage-total"))
                .startsWith("Last 30 days: 0 accepted, 0 refused.");

        browser.showUsage(limited.getStart());
        assertThat(browser.usageText(limited.getStart(), "quota-text")).isEqualTo("2 of 3 requests today");
        assertThat(browser.usageText(limited.getStart(), "quota-use")).startsWith("Current quota use").contains("67%");
        browser.screenshot("usage-quota");

        browser.showUsage(successor.getStart());
        assertThat(browser.usageDays(successor.getStart())).allSatisfy(day -> assertThat(day).endsWith(ZERO));
        assertThat(browser.usageText(successor.getStart(), "quota-text")).as("the rotated key goes on with the count")
                .isEqualTo("2 of 3 requests today");
    }

    /** Polls the admin usage API until the key's uses are flushed; returns their UTC day. */
    private String awaitDayWithUses(String id, long accepted, long refused) {
        UsageBucketRepresentation bucket = Poll.until(Duration.ofSeconds(15), () -> {
            ApiKeyUsageRepresentation usage = realm.keys().usage(id, null, null, "day");
            return usage.getBuckets().stream()
                    .filter(b -> b.getAccepted() == accepted && b.getRefused() == refused).findFirst().orElse(null);
        });
        assertThat(bucket).as("%d accepted and %d refused after the flush", accepted, refused).isNotNull();
        return Instant.ofEpochMilli(bucket.getStart()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
