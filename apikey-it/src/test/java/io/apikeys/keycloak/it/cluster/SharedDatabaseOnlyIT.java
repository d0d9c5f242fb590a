package io.apikeys.keycloak.it.cluster;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeysResource;
import io.apikeys.keycloak.client.QuotaRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakNode;
import io.apikeys.keycloak.it.harness.TestCluster;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.info.ServerInfoRepresentation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes behind one load balancer that share only the database ({@code --cache=local} each, no cluster
 * messages at all): new keys and revocations reach the other node through the changeset poll within its interval,
 * and rate limits and quotas are counted in the database, for both nodes together. The poll runs every
 * {@value #POLL_SECONDS} s here (5 s by default). PostgreSQL pass only.
 */
final class SharedDatabaseOnlyIT {

    static final int POLL_SECONDS = 2;
    private static TestCluster nodes;
    private static Keycloak adminA;

    @BeforeAll
    static void startNodes() {
        assumeTrue(TestDatabase.fromSystemProperty() == TestDatabase.POSTGRES, "runs with -Dit.db=postgres");
        nodes = TestCluster.startSharingOnlyTheDatabase(2,
                // Waiting for a key to appear or vanish is many refused uses from this test's address: not a flood.
                List.of("--spi-api-key-store--jpa--change-poll-seconds=" + POLL_SECONDS,
                        "--spi-api-key-node--default--max-failures-per-address=1000000"));
        adminA = admin(nodes.node(0));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodes != null) {
            try {
                nodes.assertNoIssuedKeyLeaked();
            } finally {
                nodes.close();
            }
        }
    }

    @Test
    void eachNodeSaysItCountsInTheDatabase() {
        String key = create(r -> r.setRateLimit(new RateLimitRepresentation(1000, 3600))).getKey();
        untilStatus(nodes.node(1), key, 200);
        for (int i = 0; i < 2; i++) {
            assertThat(check(nodes.node(i), key)).isEqualTo(200);
            ServerInfoRepresentation info = admin(nodes.node(i)).serverInfo().getInfo();
            assertThat(info.getProviders().get("api-key-node").getProviders().get("default").getOperationalInfo())
                    .containsEntry("allowanceCounting", "database");
        }
    }

    /** Today's B refused such a key until its 10-minute refresh of the known hashes. */
    @Test
    void aKeyCreatedOnAWorksOnBWithinTheInterval() {
        ApiKeyRepresentation created = create(r -> { });
        long elapsed = untilStatus(nodes.node(1), created.getKey(), 200);
        System.out.printf("Key created on A accepted on B after %d ms (poll every %d s)%n", elapsed, POLL_SECONDS);
        assertThat(elapsed).isLessThanOrEqualTo(POLL_SECONDS * 1000L + 1500);
    }

    @Test
    void twentyRevocationsOnAReachBWithinTheInterval() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ApiKeyRepresentation key = create(r -> { });
            untilStatus(nodes.node(1), key.getKey(), 200);
            assertThat(exchange(nodes.node(1), key.getKey())).as("cached on B").isEqualTo(200);
            // B just applied a poll (it found the new key): revoke at a random point of its interval instead, or
            // every delay would be a whole interval.
            pause(ThreadLocalRandom.current().nextLong(POLL_SECONDS * 1000L));
            keys().revoke(key.getId());
            delays.add(untilStatus(nodes.node(1), key.getKey(), 401));
        }
        List<Long> sorted = delays.stream().sorted().toList();
        System.out.printf("Revocation on A refused on B, 20 revocations, poll every %d s: min %d ms, median %d ms,"
                + " p90 %d ms, max %d ms; all %s%n", POLL_SECONDS, sorted.get(0), sorted.get(10), sorted.get(17),
                sorted.get(19), delays);
        assertThat(sorted.get(19)).isLessThanOrEqualTo(POLL_SECONDS * 1000L + 1500);
    }

    @Test
    void aQuotaOfTenPerDayRoundRobinAdmitsTen() {
        String key = create(r -> r.setQuota(new QuotaRepresentation(10, "DAY"))).getKey();
        untilStatus(nodes.node(1), key, 200);
        int admitted = 1;
        int refused = 0;
        for (int i = 0; i < 19; i++) {
            int status = check(nodes.node(i % 2), key);
            assertThat(status).isIn(200, 429);
            admitted += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        System.out.printf("Quota 10 per day, 20 checks round-robin over 2 nodes sharing only the database: %d admitted,"
                + " %d refused%n", admitted, refused);
        assertThat(admitted).isEqualTo(10);
    }

    /** Batches of 4 from the database's count: at most 3 uses held by the other node may be refused early. */
    @Test
    void aRateLimitRoundRobinAdmitsItsLimitWithinTheBound() {
        String key = create(r -> r.setRateLimit(new RateLimitRepresentation(100, 3600))).getKey();
        untilStatus(nodes.node(1), key, 200);
        int admitted = 1;
        for (int i = 0; i < 139; i++) {
            admitted += check(nodes.node(i % 2), key) == 200 ? 1 : 0;
        }
        System.out.printf("Rate limit 100 per hour, 140 checks round-robin over 2 nodes sharing only the database:"
                + " %d admitted%n", admitted);
        assertThat(admitted).isBetween(97, 100);
    }

    /** Asks the node every 20 ms until the key gets {@code status}; how many ms that took (fails after 3 intervals). */
    private static long untilStatus(KeycloakNode node, String key, int status) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < POLL_SECONDS * 3_000_000_000L) {
            if (exchange(node, key) == status) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            pause(20);
        }
        throw new AssertionError("node never answered " + status + " within " + 3 * POLL_SECONDS + " s");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int check(KeycloakNode node, String key) {
        return Http.request("GET", node.baseUrl() + "/realms/demo/api-keys/check", "X-API-Key", key).status();
    }

    private static int exchange(KeycloakNode node, String key) {
        return Http.form(node.baseUrl() + "/realms/demo/protocol/openid-connect/token")
                .param("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .param("subject_token", key).param("subject_token_type", "urn:keycloak-apikey:token-type:api-key")
                .post().status();
    }

    private static ApiKeyRepresentation create(Consumer<ApiKeyRepresentation> customize) {
        ApiKeyRepresentation request = new ApiKeyRepresentation();
        request.setClientId("demo-service");
        request.setName("shared-database");
        customize.accept(request);
        ApiKeyRepresentation created = keys().create(request);
        IssuedKeys.remember(created.getKey());
        return created;
    }

    private static Keycloak admin(KeycloakNode node) {
        return KeycloakBuilder.builder().serverUrl(node.baseUrl()).realm("master").clientId("admin-cli")
                .username(TestServer.ADMIN).password(TestServer.ADMIN_PASSWORD).build();
    }

    private static ApiKeysResource keys() {
        return adminA.proxy(ApiKeysResource.class, URI.create(nodes.node(0).baseUrl() + "/admin/realms/demo/api-keys"));
    }
}
