package io.apikeys.keycloak.usage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

final class UsageMeterTest {

    private static final long HOUR = 3_600_000L;
    private static final long T = 1_764_000_000_000L - Math.floorMod(1_764_000_000_000L, HOUR);
    private static final MeteredKey KEY = new MeteredKey("k1", "realm", "client-uuid", "orders-service", "ci");

    private final AtomicInteger flushesAsked = new AtomicInteger();
    private final UsageMeter meter = new UsageMeter(flushesAsked::incrementAndGet);

    @Test
    void usesAreCountedPerKeyAndUtcHour() {
        meter.accepted(KEY, T);
        meter.accepted(KEY, T + HOUR - 1);
        meter.refused(KEY, T + 5);
        meter.accepted(KEY, T + HOUR);
        meter.accepted(new MeteredKey("k2", "realm", "client-uuid", "orders-service", "other"), T);

        TreeMap<HourBucket, UsageCounts> drained = meter.drain();

        assertThat(drained.keySet()).containsExactly(new HourBucket("k1", T), new HourBucket("k1", T + HOUR),
                new HourBucket("k2", T));
        assertThat(drained.get(new HourBucket("k1", T))).isEqualTo(new UsageCounts(KEY, 2, 1));
        assertThat(drained.get(new HourBucket("k1", T + HOUR))).isEqualTo(new UsageCounts(KEY, 1, 0));
        assertThat(meter.pendingCount()).isZero();
        assertThat(meter.drain()).isEmpty();
    }

    @Test
    void requeuedCountsAddToThoseCountedSince() {
        meter.accepted(KEY, T);
        TreeMap<HourBucket, UsageCounts> failed = meter.drain();
        meter.accepted(KEY, T + 1);
        meter.refused(KEY, T + 2);

        failed.forEach(meter::requeue);

        assertThat(meter.drain().get(new HourBucket("k1", T))).isEqualTo(new UsageCounts(KEY, 2, 1));
    }

    @Test
    void theNewestNamesWin() {
        meter.accepted(KEY, T);
        MeteredKey renamed = new MeteredKey("k1", "realm", "client-uuid", "orders", "ci-renamed");
        meter.accepted(renamed, T + 1);

        assertThat(meter.drain().get(new HourBucket("k1", T)).key()).isEqualTo(renamed);
    }

    @Test
    void parallelUsesDuringDrainsAreNeitherLostNorCountedTwice() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.execute(() -> {
                for (int i = 0; i < 25_000; i++) {
                    meter.accepted(KEY, T + i);
                }
            });
        }
        List<TreeMap<HourBucket, UsageCounts>> drains = new ArrayList<>();
        while (!threads.isTerminated()) {
            drains.add(meter.drain());
            threads.shutdown();
            threads.awaitTermination(1, TimeUnit.MILLISECONDS);
        }
        drains.add(meter.drain());

        long total = drains.stream().flatMap(d -> d.values().stream()).mapToLong(UsageCounts::accepted).sum();
        assertThat(total).isEqualTo(100_000);
    }

    @Test
    void memoryIsBoundedAndAFlushIsAskedForEarly() {
        for (int i = 0; i < 2 * UsageMeter.FLUSH_EARLY_AT + 10; i++) {
            meter.accepted(new MeteredKey("k" + i, "realm", "c", "client", "n"), T);
        }
        meter.accepted(new MeteredKey("k0", "realm", "c", "client", "n"), T);

        assertThat(meter.pendingCount()).isEqualTo(2 * UsageMeter.FLUSH_EARLY_AT);
        assertThat(meter.droppedCount()).isEqualTo(10);
        assertThat(flushesAsked).hasValue(1);
        assertThat(meter.drain().get(new HourBucket("k0", T)).accepted()).as("known buckets still count").isEqualTo(2);
    }
}
