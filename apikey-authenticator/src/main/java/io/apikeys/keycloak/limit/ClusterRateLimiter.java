package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.RateLimit;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each key's rate limit, counted across the cluster. The uses of a key's window are counted once for the whole
 * cluster ({@link SharedCounts}); a node takes them from there in small batches and hands them out locally, so that
 * only one request in a batch waits for the cluster.
 *
 * <p>The bound: the cluster never admits more than {@code requests} uses per window, since every use handed out was
 * taken from the shared count first. It may refuse a little early: uses a node took but has not handed out yet are
 * lost to the other nodes, at most {@code batch - 1} per other node, where {@code batch} is 1 for limits up to 199
 * per window, {@code requests / 100} above that, and at most {@value #MAX_BATCH}. A limit of 20 a minute on any number
 * of nodes therefore admits exactly 20 a minute. A window that is used up is refused from memory, without asking the
 * cluster again.
 *
 * <p>When the shared count cannot be reached (a node cut off from the cluster, a failing cache), the node counts
 * that key on its own, as a per-node {@link RateLimiter}: up to the limit on that node. Bounded like the other
 * counters: at most {@value #MAX_KEYS} keys hold a batch on one node; beyond that a key takes one use at a time.
 */
public final class ClusterRateLimiter {

    /** The cluster-wide count of uses taken per key and window. */
    public interface SharedCounts {
        /**
         * Takes up to {@code wanted} uses of one key's window from the cluster-wide count, never beyond
         * {@code limit.requests()}.
         *
         * @throws RuntimeException when the shared count cannot be reached
         */
        Taken take(String keyId, RateLimit limit, long windowStartMillis, int wanted, long nowMillis);
    }

    /** @param uses the uses taken now (0: the window is used up); @param total the window's count after taking them */
    public record Taken(int uses, int total) {
    }

    static final int MAX_KEYS = 100_000;
    static final int MAX_BATCH = 100;
    private static final Logger LOG = Logger.getLogger(ClusterRateLimiter.class);

    /** The uses of one key's current window that this node took and has not handed out yet. */
    private static final class Batch {
        long windowStartMillis = Long.MIN_VALUE;
        long windowEndMillis;
        int left;
        int total;
        boolean usedUp;
    }

    private final SharedCounts shared;
    private final RateLimiter perNode;
    private final int maxKeys;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean warned = new AtomicBoolean();

    public ClusterRateLimiter(SharedCounts shared) {
        this(shared, MAX_KEYS);
    }

    ClusterRateLimiter(SharedCounts shared, int maxKeys) {
        this.shared = shared;
        this.perNode = new RateLimiter(maxKeys);
        this.maxKeys = maxKeys;
    }

    public RateLimiter.Decision acquire(String keyId, RateLimit limit, long nowMillis) {
        long windowMillis = limit.windowSeconds() * 1000L;
        long windowStart = nowMillis - Math.floorMod(nowMillis, windowMillis);
        long reset = Math.max(1, (windowStart + windowMillis - nowMillis + 999) / 1000);
        sweepIfDue(nowMillis);
        Batch batch = batches.get(keyId);
        if (batch == null && batches.size() < maxKeys) {
            batch = batches.computeIfAbsent(keyId, id -> new Batch());
        }
        if (batch == null) {
            return takeOne(keyId, limit, windowStart, nowMillis, reset);
        }
        synchronized (batch) {
            if (batch.windowStartMillis != windowStart) {
                batch.windowStartMillis = windowStart;
                batch.windowEndMillis = windowStart + windowMillis;
                batch.left = 0;
                batch.total = 0;
                batch.usedUp = false;
            }
            if (batch.left == 0 && !batch.usedUp) {
                Taken taken;
                try {
                    taken = shared.take(keyId, limit, windowStart, batchSize(limit), nowMillis);
                } catch (RuntimeException unreachable) {
                    return countedOnThisNode(keyId, limit, nowMillis, unreachable);
                }
                batch.left = taken.uses();
                batch.total = taken.total();
                batch.usedUp = taken.uses() == 0;
            }
            if (batch.usedUp) {
                return new RateLimiter.Decision(false, limit, 0, reset);
            }
            batch.left--;
            return new RateLimiter.Decision(true, limit, remaining(limit, batch.total, batch.left), reset);
        }
    }

    /** Keys holding a batch on this node. */
    public int size() {
        return batches.size();
    }

    static int batchSize(RateLimit limit) {
        return Math.max(1, Math.min(MAX_BATCH, limit.requests() / 100));
    }

    private RateLimiter.Decision takeOne(String keyId, RateLimit limit, long windowStart, long nowMillis, long reset) {
        try {
            Taken taken = shared.take(keyId, limit, windowStart, 1, nowMillis);
            return new RateLimiter.Decision(taken.uses() > 0, limit, remaining(limit, taken.total(), 0), reset);
        } catch (RuntimeException unreachable) {
            return countedOnThisNode(keyId, limit, nowMillis, unreachable);
        }
    }

    private RateLimiter.Decision countedOnThisNode(String keyId, RateLimit limit, long nowMillis, RuntimeException cause) {
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("Cluster-wide rate limit counts unreachable (%s): keys are rate limited per node until they are "
                    + "reachable again", cause.toString());
        } else {
            LOG.debugf("Cluster-wide rate limit counts unreachable: %s", cause);
        }
        return perNode.acquire(keyId, limit, nowMillis);
    }

    private static int remaining(RateLimit limit, int total, int left) {
        return Math.max(0, limit.requests() - total + left);
    }

    private void sweepIfDue(long nowMillis) {
        long last = lastSweepMillis.get();
        if (batches.size() <= maxKeys / 2 || nowMillis - last < 1_000 || !lastSweepMillis.compareAndSet(last, nowMillis)) {
            return;
        }
        batches.values().removeIf(batch -> batch.windowEndMillis <= nowMillis);
    }
}
