package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterAllowancesTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final UsageHistory NO_HISTORY = (counterId, from) -> 0;

    private final InMemorySharedCounts cluster = new InMemorySharedCounts();
    private final List<ClusterAllowances> nodes =
            List.of(new ClusterAllowances(cluster, NO_HISTORY), new ClusterAllowances(cluster, NO_HISTORY));

    @Test
    void twoNodesRoundRobinAdmitTheLimitOnceNotTwice() {
        RateLimit limit = new RateLimit(20, 60);

        assertThat(admittedRoundRobin("k1", limit, 60, NOW)).isEqualTo(20);
    }

    @ParameterizedTest(name = "{0} a window on {1} nodes")
    @CsvSource({"150, 2", "1000, 2", "1000, 3", "25000, 2", "25000, 4"})
    void theClusterNeverAdmitsMoreAndRefusesEarlyByLessThanOneBatchPerOtherNode(int requests, int nodeCount) {
        InMemorySharedCounts shared = new InMemorySharedCounts();
        List<ClusterAllowances> many = java.util.stream.IntStream.range(0, nodeCount)
                .mapToObj(i -> new ClusterAllowances(shared, NO_HISTORY)).toList();
        RateLimit limit = new RateLimit(requests, 3600);
        int admitted = 0;
        for (int i = 0; i < requests * 2; i++) {
            // Uneven: node 0 gets half of all requests, the others share the rest.
            ClusterAllowances node = many.get(i % 2 == 0 ? 0 : 1 + (i / 2) % (nodeCount - 1));
            if (node.acquire("k", limit, NOW + i).allowed()) {
                admitted++;
            }
        }
        int batch = shared.batchSize(limit.requests());

        assertThat(admitted).isLessThanOrEqualTo(requests).isGreaterThanOrEqualTo(requests - (nodeCount - 1) * (batch - 1));
    }

    @Test
    void aBatchIsOneClusterCallForManyUses() {
        RateLimit limit = new RateLimit(10_000, 3600);

        for (int i = 0; i < 1_000; i++) {
            assertThat(nodes.get(0).acquire("k", limit, NOW).allowed()).isTrue();
        }

        assertThat(cluster.batchSize(limit.requests())).isEqualTo(100);
        assertThat(cluster.calls()).isEqualTo(10);
    }

    @Test
    void aUsedUpWindowIsRefusedWithoutAskingTheClusterAgain() {
        RateLimit limit = new RateLimit(2, 60);
        admittedRoundRobin("k", limit, 2, NOW);
        int calls = cluster.calls();

        AllowanceDecision refused = nodes.get(0).acquire("k", limit, NOW + 1_000);
        nodes.get(0).acquire("k", limit, NOW + 2_000);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.resetSeconds()).isBetween(1L, 60L);
        assertThat(cluster.calls()).isEqualTo(calls + 1);
    }

    @Test
    void theNextWindowStartsAfresh() {
        RateLimit limit = new RateLimit(3, 60);
        long windowStart = NOW - Math.floorMod(NOW, 60_000L);
        assertThat(admittedRoundRobin("k", limit, 10, windowStart)).isEqualTo(3);

        assertThat(admittedRoundRobin("k", limit, 10, windowStart + 60_000)).isEqualTo(3);
    }

    @Test
    void aNodeCutOffFromTheClusterCountsOnItsOwn() {
        RateLimit limit = new RateLimit(5, 60);
        cluster.reachable(false);

        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += nodes.get(0).acquire("k", limit, NOW).allowed() ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void remainingCountsWhatTheWholeClusterUsed() {
        RateLimit limit = new RateLimit(10, 60);
        nodes.get(1).acquire("k", limit, NOW);
        nodes.get(1).acquire("k", limit, NOW);

        assertThat(nodes.get(0).acquire("k", limit, NOW).remaining()).isEqualTo(7);
    }

    @Test
    void beyondItsBoundANodeTakesOneUseAtATime() {
        ClusterAllowances small = new ClusterAllowances(cluster, NO_HISTORY, 1);
        RateLimit limit = new RateLimit(2, 60);
        small.acquire("first", limit, NOW);

        assertThat(small.acquire("second", limit, NOW).allowed()).isTrue();
        assertThat(small.acquire("second", limit, NOW).allowed()).isTrue();
        assertThat(small.acquire("second", limit, NOW).allowed()).isFalse();
        assertThat(small.size()).isEqualTo(1);
    }

    private int admittedRoundRobin(String keyId, RateLimit limit, int requests, long now) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (nodes.get(i % 2).acquire(keyId, limit, now).allowed()) {
                admitted++;
            }
        }
        return admitted;
    }

    /**
     * The usage history is a database read: no lock may be held while it runs. If the batch were locked, the
     * other thread's acquire of the same counter would wait for it, and the history would time out.
     */
    @Test
    void theUsageHistoryIsReadWithoutHoldingTheCountersLock() throws Exception {
        Quota quota = new Quota(10, Quota.Period.DAY);
        AtomicReference<ClusterAllowances> node = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<AllowanceDecision> otherThread = new AtomicReference<>();
        node.set(new ClusterAllowances(new InMemorySharedCounts(), (counterId, from) -> {
            if (first.getAndSet(false)) {
                Thread other = new Thread(() -> otherThread.set(node.get().acquire("lineage", quota, NOW)));
                other.start();
                try {
                    other.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 4;
        }));

        AllowanceDecision decision = node.get().acquire("lineage", quota, NOW);

        assertThat(otherThread.get()).as("the other thread was not blocked").isNotNull();
        assertThat(otherThread.get().remaining()).isEqualTo(5);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).as("both uses counted on top of the 4 written").isEqualTo(4);
    }

    @Test
    void aQuotaCountsAcrossNodesAndARestartedClusterStartsFromTheWrittenUses() {
        Quota quota = new Quota(3, Quota.Period.MONTH);
        assertThat(nodes.get(0).acquire("lineage", quota, NOW).allowed()).isTrue();
        assertThat(nodes.get(1).acquire("lineage", quota, NOW).allowed()).isTrue();

        InMemorySharedCounts restarted = new InMemorySharedCounts();
        ClusterAllowances node = new ClusterAllowances(restarted, (counterId, from) -> {
            assertThat(from).as("the month's first instant").isEqualTo(quota.windowStart(NOW));
            return counterId.equals("lineage") ? 2 : 0;
        });

        AllowanceDecision third = node.acquire("lineage", quota, NOW + 1);
        AllowanceDecision fourth = node.acquire("lineage", quota, NOW + 2);

        assertThat(third.allowed()).isTrue();
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.resetSeconds()).isEqualTo((quota.windowEnd(NOW) - NOW - 2 + 999) / 1000);
        assertThat(node.acquire("other", quota, NOW).allowed()).as("another lineage has its own count").isTrue();
    }

    @Test
    void aUsedUpQuotaWorksAgainWhenItsPeriodEnds() {
        Quota daily = new Quota(1, Quota.Period.DAY);
        long lastMilli = daily.windowEnd(NOW) - 1;
        assertThat(nodes.get(0).acquire("k", daily, NOW).allowed()).isTrue();
        AllowanceDecision refused = nodes.get(1).acquire("k", daily, lastMilli);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.resetSeconds()).isEqualTo(1);
        assertThat(nodes.get(1).acquire("k", daily, lastMilli + 1).allowed()).isTrue();
        assertThat(nodes.get(0).acquire("k", daily, lastMilli + 2).allowed()).isFalse();
    }

    @Test
    void theUsedCountIsTheClustersOrElseTheWrittenUsesOfAQuota() {
        Quota quota = new Quota(10, Quota.Period.DAY);
        nodes.get(0).acquire("lineage", quota, NOW);
        nodes.get(1).acquire("lineage", quota, NOW);

        assertThat(nodes.get(0).used("lineage", quota, NOW)).isEqualTo(2);
        assertThat(new ClusterAllowances(new InMemorySharedCounts(), (id, from) -> 7).used("lineage", quota, NOW))
                .as("a restarted cluster").isEqualTo(7);
        cluster.reachable(false);
        assertThat(new ClusterAllowances(cluster, (id, from) -> 5).used("lineage", quota, NOW)).as("cut off").isEqualTo(5);
        assertThat(nodes.get(0).used("k", new RateLimit(5, 60), NOW)).as("an unknown window").isZero();
    }

    @Test
    void aRaisedAllowanceOpensAWindowThatWasUsedUp() {
        assertThat(nodes.get(0).acquire("k", new Quota(1, Quota.Period.DAY), NOW).allowed()).isTrue();
        assertThat(nodes.get(0).acquire("k", new Quota(1, Quota.Period.DAY), NOW).allowed()).isFalse();

        assertThat(nodes.get(0).acquire("k", new Quota(2, Quota.Period.DAY), NOW).allowed()).isTrue();
    }

    @Test
    void aLoweredAllowanceHoldsAtOnceAlthoughANodeStillHoldsABatch() {
        RateLimit high = new RateLimit(1000, 3600);
        for (int i = 0; i < 901; i++) {
            assertThat(nodes.get(0).acquire("k", high, NOW).allowed()).isTrue();
        }
        assertThat(cluster.batchSize(high.requests())).as("node 0 holds 9 uses taken but not handed out").isEqualTo(10);

        RateLimit lowered = new RateLimit(10, 3600);

        assertThat(nodes.get(0).acquire("k", lowered, NOW).allowed()).isFalse();
        assertThat(nodes.get(1).acquire("k", lowered, NOW).allowed()).isFalse();
    }

    @Test
    void aKeysRateLimitAndQuotaAreCountedApart() {
        assertThat(nodes.get(0).acquire("k", new RateLimit(1, 60), NOW).allowed()).isTrue();

        assertThat(nodes.get(0).acquire("k", new Quota(1, Quota.Period.DAY), NOW).allowed()).isTrue();
    }
}
