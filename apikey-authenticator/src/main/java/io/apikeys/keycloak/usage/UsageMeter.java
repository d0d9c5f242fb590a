package io.apikeys.keycloak.usage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's count of key uses per key and UTC hour, not yet written: {@code accepted} for every use the verifier
 * let through, {@code refused} for every use of a found key that its rate limit refused. Counting is a map update,
 * never I/O; the store's write-behind takes the counts ({@link #drain}) and adds them to the stored rows. Past
 * {@link #FLUSH_EARLY_AT} buckets waiting, a flush is asked for at once; the memory is bounded at twice that,
 * beyond which uses of further buckets are dropped (and counted in {@link #droppedCount()}) until the flush.
 * Created and owned by the store's factory, one per node.
 */
public final class UsageMeter {

    static final int FLUSH_EARLY_AT = 50_000;

    private final Map<HourBucket, UsageCounts> pending = new ConcurrentHashMap<>();
    private final Runnable flushSoon;
    private final AtomicBoolean flushAsked = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();

    /** @param flushSoon asks for a flush now, on another thread */
    public UsageMeter(Runnable flushSoon) {
        this.flushSoon = flushSoon;
    }

    public void accepted(MeteredKey key, long now) {
        count(key, now, new UsageCounts(key, 1, 0));
    }

    public void refused(MeteredKey key, long now) {
        count(key, now, new UsageCounts(key, 0, 1));
    }

    private void count(MeteredKey key, long now, UsageCounts use) {
        HourBucket bucket = new HourBucket(key.keyId(), UsageGranularity.HOUR.bucketStart(now));
        int waiting = pending.size();
        if (waiting >= 2 * FLUSH_EARLY_AT && !pending.containsKey(bucket)) {
            dropped.incrementAndGet();
            return;
        }
        pending.merge(bucket, use, UsageCounts::plus);
        if (waiting >= FLUSH_EARLY_AT && flushAsked.compareAndSet(false, true)) {
            flushSoon.run();
        }
    }

    /**
     * Takes every waiting count, ordered by key and hour. Each bucket is removed atomically, so a use counted
     * meanwhile lands either in this batch or in the next one, never in neither.
     */
    public TreeMap<HourBucket, UsageCounts> drain() {
        flushAsked.set(false);
        TreeMap<HourBucket, UsageCounts> batch = new TreeMap<>();
        for (HourBucket bucket : pending.keySet()) {
            UsageCounts counts = pending.remove(bucket);
            if (counts != null) {
                batch.put(bucket, counts);
            }
        }
        return batch;
    }

    /** Puts back counts a flush could not write, added to whatever was counted since. */
    public void requeue(HourBucket bucket, UsageCounts counts) {
        pending.merge(bucket, counts, (now, old) -> new UsageCounts(now.key(), now.accepted() + old.accepted(),
                now.refused() + old.refused()));
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Uses not counted because the memory bound was reached before a flush could run. */
    public long droppedCount() {
        return dropped.get();
    }
}
