package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeyUsageRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.client.UsageBucketRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every use of a key counts once in its hour, whatever the path (exchange, client credentials, introspection, the
 * check endpoint); uses its rate limit refuses count as refused; other refusals do not count. The test server
 * flushes every 2 s.
 */
@KeycloakIntegrationTest
@StorageSensitive
final class UsageMeteringIT {

    private static final long HOUR = 3_600_000L;
    private final TestServer server;
    private final TestRealm realm;

    UsageMeteringIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void eachPathCountsEachUseOnceInItsHour() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        long before = System.currentTimeMillis();

        useOnEveryPath(key.getKey());
        awaitUsage(key.getId(), 4);
        // Written again into the same hour: the flush adds to the stored row rather than replacing it.
        useOnEveryPath(key.getKey());
        useOnEveryPath(key.getKey());
        long after = System.currentTimeMillis();

        ApiKeyUsageRepresentation usage = awaitUsage(key.getId(), 12);
        assertThat(usage.getKeyId()).isEqualTo(key.getId());
        assertThat(usage.getGranularity()).isEqualTo("hour");
        assertThat(total(usage, false)).as("nothing refused").isZero();
        assertThat(usage.getBuckets()).filteredOn(b -> b.getAccepted() > 0)
                .allSatisfy(b -> assertThat(b.getStart()).isBetween(before - before % HOUR, after - after % HOUR));
        assertThat(usage.getBuckets()).extracting(UsageBucketRepresentation::getStart)
                .as("every hour of the range, oldest first").isSorted()
                .allSatisfy(start -> assertThat(start % HOUR).isZero());

        ApiKeyUsageRepresentation days = realm.keys().usage(key.getId(), null, null, "day");
        assertThat(days.getBuckets()).hasSize(8);
        assertThat(total(days, true)).isEqualTo(12);
    }

    @Test
    void rateLimitRefusalsCountAsRefusedAndOtherRefusalsNotAtAll() {
        ApiKeyRepresentation limited = realm.createKey(r -> r.setRateLimit(new RateLimitRepresentation(2, 3600)));
        assertThat(realm.exchange(limited.getKey()).status()).isEqualTo(200);
        assertThat(check(limited.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(limited.getKey()).status()).isEqualTo(429);
        assertThat(check(limited.getKey()).status()).isEqualTo(429);
        assertThat(clientCredentials(limited.getKey()).status()).isEqualTo(429);

        ApiKeyRepresentation revoked = realm.createKey(r -> { });
        assertThat(check(revoked.getKey()).status()).isEqualTo(200);
        realm.keys().revoke(revoked.getId());
        assertThat(check(revoked.getKey()).status()).isEqualTo(401);
        assertThat(realm.exchange(revoked.getKey()).status()).isEqualTo(401);

        ApiKeyUsageRepresentation usage = awaitUsage(limited.getId(), 2);
        assertThat(Poll.until(Duration.ofSeconds(10), () -> total(usage(limited.getId()), false) == 3 ? 3L : null))
                .as("refused: %s", usage(limited.getId()).getBuckets()).isEqualTo(3L);
        ApiKeyUsageRepresentation ofRevoked = awaitUsage(revoked.getId(), 1);
        assertThat(total(ofRevoked, false)).as("a revoked key's refusals are not uses").isZero();
    }

    @Test
    void aKeyOfAnotherRealmOrAnUnknownIdIsNotFound() {
        TestRealm other = TestRealm.fromDemo(server);
        String id = realm.createKey(r -> { }).getId();

        assertThat(Http.get(other.keysUrl() + "/" + id + "/usage", realm.adminToken()).status()).isEqualTo(404);
        Http.Result unknown = Http.get(realm.keysUrl() + "/00000000-0000-0000-0000-000000000000/usage", realm.adminToken());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        other.delete();
    }

    /** The key's usage once its accepted uses reach {@code expected} (within 15 s), checked not to overshoot. */
    private ApiKeyUsageRepresentation awaitUsage(String id, long expected) {
        ApiKeyUsageRepresentation usage = Poll.until(Duration.ofSeconds(15), () -> {
            ApiKeyUsageRepresentation now = usage(id);
            return total(now, true) >= expected ? now : null;
        });
        assertThat(usage).as("usage of %s after the flush", id).isNotNull();
        assertThat(total(usage, true)).isEqualTo(expected);
        return usage;
    }

    private ApiKeyUsageRepresentation usage(String id) {
        long now = System.currentTimeMillis();
        return realm.keys().usage(id, now - 2 * HOUR, now + 1, null);
    }

    private static long total(ApiKeyUsageRepresentation usage, boolean accepted) {
        List<UsageBucketRepresentation> buckets = usage.getBuckets();
        return buckets.stream().mapToLong(b -> accepted ? b.getAccepted() : b.getRefused()).sum();
    }

    private void useOnEveryPath(String key) {
        assertThat(realm.exchange(key).status()).isEqualTo(200);
        assertThat(clientCredentials(key).status()).isEqualTo(200);
        assertThat(realm.introspect(key, TestRealm.API_KEY_HINT).json().get("active").asBoolean()).isTrue();
        assertThat(check(key).status()).isEqualTo(200);
    }

    private Http.Result clientCredentials(String key) {
        return Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .param("client_id", TestRealm.SERVICE).param("client_secret", key).post();
    }

    private Http.Result check(String key) {
        return Http.request("GET", server.realmUrl(realm.name()) + "/api-keys/check", "X-API-Key", key);
    }
}
