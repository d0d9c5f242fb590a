package io.apikeys.keycloak.it.cluster;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.ApiKeysResource;
import io.apikeys.keycloak.client.QuotaRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.client.UsageBucketRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakNode;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestCluster;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes, one PostgreSQL database, Keycloak's own clustering: a change on node A reaches node B's lookup cache
 * within a second, and a key's rate limit and quota hold for both nodes together. Node B sends no cluster messages of
 * its own key changes ({@code cluster-messages=false}), so a change made on B reaches A as if its message were lost:
 * through the change poll. Runs in the PostgreSQL pass only (it needs a database both nodes share).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TwoNodeClusterIT {

    private static TestCluster cluster;
    private static Keycloak adminA;
    private static Keycloak adminB;

    @BeforeAll
    static void startCluster() {
        assumeTrue(TestDatabase.fromSystemProperty() == TestDatabase.POSTGRES, "the cluster test runs with -Dit.db=postgres");
        // Node B tells nobody of its own key changes: they reach A through the change poll alone, as a lost message.
        cluster = TestCluster.start(2, "--spi-api-key-store--jpa--cluster-messages=false");
        adminA = admin(cluster.node(0));
        adminB = admin(cluster.node(1));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            try {
                cluster.assertNoIssuedKeyLeaked();
            } finally {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void aKeyCreatedOnAWorksOnB() {
        String key = create(r -> { }).getKey();
        assertThat(exchange(cluster.node(1), key).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void revokeDisableAndDeleteOnAReachBWithinOneSecond() {
        assertPropagates("revoke", id -> keys(adminA).revoke(id));
        assertPropagates("disable", id -> {
            ApiKeyRepresentation change = new ApiKeyRepresentation();
            change.setEnabled(false);
            keys(adminA).update(id, change);
        });
        assertPropagates("delete", id -> keys(adminA).delete(id));
    }

    /** A revocation whose cluster message never reaches A (B sends none) is refused on A within the change poll. */
    @Test
    @Order(3)
    void aRevocationWhoseMessageIsLostReachesTheOtherNodeWithinThePollInterval() {
        ApiKeyRepresentation key = create(r -> { });
        assertThat(exchange(cluster.node(0), key.getKey()).status()).as("cached on A").isEqualTo(200);

        long start = System.nanoTime();
        keys(adminB).revoke(key.getId());
        long elapsedMillis = -1;
        while ((System.nanoTime() - start) < 10_000_000_000L) {
            if (exchange(cluster.node(0), key.getKey()).status() == 401) {
                elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                break;
            }
            pause();
        }
        System.out.printf("Revocation on B without a cluster message, refused on A after %d ms (poll every 5 s)%n",
                elapsedMillis);
        assertThat(elapsedMillis).as("reached A through the change poll").isBetween(0L, 6_500L);
    }

    @Test
    @Order(3)
    void realmSettingsChangedOnAApplyOnB() {
        ApiKeySettingsRepresentation settings = new ApiKeySettingsRepresentation();
        settings.setKeyPrefix("acme");
        keys(adminA).updateSettings(settings);

        ApiKeyRepresentation created = keys(adminB).create(request());
        IssuedKeys.remember(created.getKey());
        assertThat(created.getKey()).startsWith("acme_");
    }

    @Test
    @Order(4)
    void aRateLimitSpreadOverBothNodesAdmitsTheLimitOnce() throws InterruptedException {
        // Windows are aligned to the epoch: stay clear of an hour's end so all 40 requests fall into one window.
        long intoHour = System.currentTimeMillis() % 3_600_000;
        if (intoHour > 3_600_000 - 30_000) {
            Thread.sleep(3_600_000 - intoHour + 1_000);
        }
        String key = create(r -> r.setRateLimit(new RateLimitRepresentation(20, 3600))).getKey();

        int admitted = 0;
        int limited = 0;
        for (int i = 0; i < 40; i++) {
            int status = Http.request("GET", cluster.node(i % 2).baseUrl() + "/realms/demo/api-keys/check",
                    "X-API-Key", key).status();
            admitted += status == 200 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }

        System.out.printf("Rate limit 20 per hour, 40 requests round-robin over 2 nodes: %d admitted, %d refused%n",
                admitted, limited);
        assertThat(admitted).isEqualTo(20);
        assertThat(limited).isEqualTo(20);
    }

    /** Both nodes add their counts of the same key and hour to one row: the sum, not the last writer, is stored. */
    @Test
    @Order(5)
    void usageCountedOnBothNodesSumsUp() {
        ApiKeyRepresentation key = create(r -> { });
        for (int i = 0; i < 5; i++) {
            assertThat(exchange(cluster.node(0), key.getKey()).status()).isEqualTo(200);
            assertThat(exchange(cluster.node(1), key.getKey()).status()).isEqualTo(200);
            assertThat(exchange(cluster.node(1), key.getKey()).status()).isEqualTo(200);
        }

        Long accepted = Poll.until(Duration.ofSeconds(15), () -> {
            long sum = keys(adminA).usage(key.getId(), null, null, "day").getBuckets().stream()
                    .mapToLong(UsageBucketRepresentation::getAccepted).sum();
            return sum >= 15 ? sum : null;
        });
        assertThat(accepted).isEqualTo(15L);
    }

    /**
     * The quota's count lives in the replicated cache while any node runs, and in the usage table when none does:
     * a restarted node goes on with the count, and so does a restarted cluster.
     */
    @Test
    @Order(6)
    void aQuotaHoldsForBothNodesThroughARestartOfOneNodeAndOfTheWholeCluster() {
        ApiKeyRepresentation key = create(r -> r.setQuota(new QuotaRepresentation(10, "MONTH")));
        assertThat(checksAdmitted(key.getKey(), 6)).as("6 of 10, round-robin").isEqualTo(6);

        cluster.node(1).stop();
        cluster.node(1).start();
        int afterNodeRestart = checksAdmitted(key.getKey(), 6);

        cluster.node(0).stop();
        cluster.node(1).stop();
        cluster.node(0).start();
        cluster.node(1).start();
        int afterClusterRestart = checksAdmitted(key.getKey(), 4);

        System.out.printf("Quota 10 per month over 2 nodes: 6 admitted, then %d of 6 after restarting node B, then %d"
                + " of 4 after restarting both%n", afterNodeRestart, afterClusterRestart);
        assertThat(afterNodeRestart).isEqualTo(4);
        assertThat(afterClusterRestart).isZero();
        assertThat(keys(adminA).get(key.getId()).getQuota().getRequests()).isEqualTo(10);
    }

    @Test
    @Order(7)
    void stoppingAKeepsBServing() {
        String key = create(r -> { }).getKey();
        assertThat(exchange(cluster.node(1), key).status()).isEqualTo(200);

        cluster.node(0).stop();

        assertThat(exchange(cluster.node(1), key).status()).isEqualTo(200);
    }

    private void assertPropagates(String change, Consumer<String> onNodeA) {
        ApiKeyRepresentation key = create(r -> { });
        assertThat(exchange(cluster.node(1), key.getKey()).status()).as("cached on B").isEqualTo(200);

        long start = System.nanoTime();
        onNodeA.accept(key.getId());
        long elapsedMillis = -1;
        while ((System.nanoTime() - start) < 5_000_000_000L) {
            if (exchange(cluster.node(1), key.getKey()).status() == 401) {
                elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                break;
            }
        }
        System.out.printf("Cluster propagation of %s from node A to node B: %d ms%n", change, elapsedMillis);
        assertThat(elapsedMillis).as("%s reached node B", change).isBetween(0L, 999L);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int checksAdmitted(String key, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            int status = Http.request("GET", cluster.node(i % 2).baseUrl() + "/realms/demo/api-keys/check",
                    "X-API-Key", key).status();
            assertThat(status).isIn(200, 429);
            admitted += status == 200 ? 1 : 0;
        }
        return admitted;
    }

    private static ApiKeyRepresentation create(Consumer<ApiKeyRepresentation> customize) {
        ApiKeyRepresentation request = request();
        customize.accept(request);
        ApiKeyRepresentation created = keys(adminA).create(request);
        IssuedKeys.remember(created.getKey());
        return created;
    }

    private static ApiKeyRepresentation request() {
        ApiKeyRepresentation request = new ApiKeyRepresentation();
        request.setClientId("demo-service");
        request.setName("cluster");
        return request;
    }

    private static ApiKeysResource keys(Keycloak admin) {
        String base = admin == adminA ? cluster.node(0).baseUrl() : cluster.node(1).baseUrl();
        return admin.proxy(ApiKeysResource.class, URI.create(base + "/admin/realms/demo/api-keys"));
    }

    private static Http.Result exchange(KeycloakNode node, String key) {
        return Http.form(node.baseUrl() + "/realms/demo/protocol/openid-connect/token")
                .param("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .param("subject_token", key).param("subject_token_type", "urn:keycloak-apikey:token-type:api-key").post();
    }

    private static Keycloak admin(KeycloakNode node) {
        return KeycloakBuilder.builder().serverUrl(node.baseUrl()).realm("master").clientId("admin-cli")
                .username(TestServer.ADMIN).password(TestServer.ADMIN_PASSWORD).build();
    }
}
