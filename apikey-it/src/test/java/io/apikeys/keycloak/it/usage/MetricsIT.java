package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Keycloak's {@code --metrics-enabled=true} (the test server's build has it), the management port's
 * {@code /metrics} shows key uses by realm and outcome, the lookup cache, the known hashes and the write-behind,
 * and no meter names a key or a client.
 */
@KeycloakIntegrationTest
final class MetricsIT {

    private static final Pattern LABEL = Pattern.compile("[{,]([a-z_]+)=\"");
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");
    private final TestServer server;
    private final TestRealm realm;

    MetricsIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void usesAreCountedByRealmAndOutcome() {
        String before = scrape();
        String key = realm.createKey(r -> r.setRateLimit(new RateLimitRepresentation(3, 3600))).getKey();
        for (int i = 0; i < 4; i++) {
            realm.exchange(key);
        }
        assertThat(realm.exchange("kcak_not-a-key").status()).isEqualTo(401);
        assertThat(realm.introspect(key, TestRealm.API_KEY_HINT).status()).isEqualTo(429);

        String after = scrape();

        assertThat(value(after, "keycloak_api_key_uses_total", "outcome=\"accepted\"", realmLabel())).isEqualTo(3);
        assertThat(value(after, "keycloak_api_key_uses_total", "outcome=\"rate_limited\"", realmLabel())).isEqualTo(2);
        assertThat(value(after, "keycloak_api_key_uses_total", "outcome=\"malformed_key\"", realmLabel())).isEqualTo(1);
        assertThat(value(after, "keycloak_api_key_cache_lookups_total", "result=\"hit\"")
                - value(before, "keycloak_api_key_cache_lookups_total", "result=\"hit\"")).isGreaterThanOrEqualTo(4);
        assertThat(value(after, "keycloak_api_key_cache_entries", "cache=\"keys\"")
                - value(before, "keycloak_api_key_cache_entries", "cache=\"keys\"")).as("this key's entry").isEqualTo(1);
        assertThat(value(after, "keycloak_api_key_known_hashes") - value(before, "keycloak_api_key_known_hashes"))
                .as("this key's hash").isEqualTo(1);
        // Pending writes are the node's, of every class's keys, and depend on when the last flush ran: the gauges
        // must be there (a missing one would read 0), with a count.
        assertThat(sample(after, "keycloak_api_key_write_behind_pending", "kind=\"usage\"")).isNotNegative();
        assertThat(sample(after, "keycloak_api_key_write_behind_pending", "kind=\"last_used\"")).isNotNegative();
    }

    @Test
    void flushesAreTimed() {
        double flushes = value(scrape(), "keycloak_api_key_write_behind_flush_seconds_count", "kind=\"usage\"");
        assertThat(realm.exchange(realm.createKey()).status()).isEqualTo(200);

        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () ->
                value(scrape(), "keycloak_api_key_write_behind_flush_seconds_count", "kind=\"usage\"") > flushes)).isTrue();
        assertThat(value(scrape(), "keycloak_api_key_write_behind_flush_seconds_sum", "kind=\"usage\"")).isPositive();
    }

    @Test
    void noMeterNamesAKeyOrAClient() {
        realm.exchange(realm.createKey());
        List<String> lines = scrape().lines().filter(line -> line.startsWith("keycloak_api_key_")).toList();

        assertThat(lines).isNotEmpty();
        Set<String> labels = new TreeSet<>();
        lines.forEach(line -> LABEL.matcher(line).results().forEach(label -> labels.add(label.group(1))));
        // source and action are the leak counter's, there once a leak was reported (LeakReportIT may run first).
        assertThat(labels).contains("cache", "kind", "outcome", "path", "realm", "result")
                .isSubsetOf("cache", "kind", "outcome", "path", "realm", "result", "source", "action");
        assertThat(lines).noneMatch(line -> line.contains("kcak_"));
        String scrape = scrape();
        assertThat(value(scrape, "keycloak_api_key_allowance_counting", "path=\"cluster\"")).as("one clustered node")
                .isEqualTo(1.0);
        assertThat(value(scrape, "keycloak_api_key_allowance_counting", "path=\"database\"")).isZero();
    }

    private String realmLabel() {
        return "realm=\"" + realm.name() + "\"";
    }

    private String scrape() {
        Http.Result metrics = Http.get(server.managementUrl() + "/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body();
    }

    /** The value of the sample {@code name} whose labels include all of {@code labels}, which must be there. */
    private static double sample(String scrape, String name, String... labels) {
        assertThat(scrape.lines().filter(line -> line.startsWith(name) && List.of(labels).stream().allMatch(line::contains)))
                .as("a sample of %s %s", name, List.of(labels)).isNotEmpty();
        return value(scrape, name, labels);
    }

    /** The value of the sample {@code name} whose labels include all of {@code labels}; 0 when there is none. */
    private static double value(String scrape, String name, String... labels) {
        for (String line : scrape.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(1).equals(name)
                    && List.of(labels).stream().allMatch(label -> sample.group(2) != null && sample.group(2).contains(label))) {
                return Double.parseDouble(sample.group(3));
            }
        }
        return 0;
    }
}
