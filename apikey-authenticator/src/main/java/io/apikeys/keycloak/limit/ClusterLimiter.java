package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.UseAllowance;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Each key's rate limit and quota, counted across the cluster. The uses of a window are counted once for the whole
 * cluster ({@link SharedCounts}); a node takes them from there in small batches and hands them out locally, so that
 * only one request in a batch waits for the cluster.
 *
 * <p>The bound: the cluster never admits more than {@code requests} uses per window, since every use handed out was
 * taken from the shared count first. It may refuse a little early: uses a node took but has not handed out yet are
 * lost to the other nodes, at most {@code batch - 1} per other node (and per restart of a node), where {@code batch}
 * is 1 for allowances up to 199 per window, {@code requests / 100} above that, and at most {@value #MAX_BATCH}. A
 * limit of 20 a minute on any number of nodes therefore admits exactly 20 a minute. A window that is used up is
 * refused from memory, without asking the cluster again, until the window ends or the allowance changes.
 *
 * <p>A quota's period (a UTC day or month) outlives the cluster itself: when the cluster has no count yet for the
 * period, it starts from the uses already written to the usage table ({@link History}), once per period and
 * cluster. A rate limit's window starts from zero.
 *
 * <p>When the shared count cannot be reached (a node cut off from the cluster, a failing cache), the node counts
 * on its own, as a per-node {@link RateLimiter}: up to the allowance on that node. Bounded like the other
 * counters: at most {@value #MAX_KEYS} counts hold a batch on one node; beyond that a key takes one use at a time.
 */
public final class ClusterLimiter {

    /**
     * One counter's current window, worked out once per use.
     *
     * @param counter names the key (or key lineage) and the kind of window; the start completes it
     */
    public record Window(String counter, long startMillis, long endMillis) {
    }

    /** The cluster-wide count of uses taken per counter and window. */
    public interface SharedCounts {
        /**
         * Takes up to {@code wanted} uses of the window from the cluster-wide count, never beyond {@code requests};
         * a window the cluster has no count for yet starts at {@code usedBefore}.
         *
         * @throws RuntimeException when the shared count cannot be reached
         */
        Taken take(Window window, int requests, int wanted, IntSupplier usedBefore, long nowMillis);

        /**
         * The window's count, without taking from it; empty when the cluster holds none.
         *
         * @throws RuntimeException when the shared count cannot be reached
         */
        OptionalInt peek(Window window);
    }

    /** Where a quota period's count starts when the cluster has none: the accepted uses already written. */
    public interface History {
        int acceptedSince(String counterId, long fromMillis);
    }

    /** @param uses the uses taken now (0: the window is used up); @param total the window's count after taking them */
    public record Taken(int uses, int total) {
    }

    static final int MAX_KEYS = 100_000;
    static final int MAX_BATCH = 100;
    private static final Logger LOG = Logger.getLogger(ClusterLimiter.class);

    /** The uses of one counter's current window that this node took and has not handed out yet. */
    private static final class Batch {
        long windowStartMillis = Long.MIN_VALUE;
        long windowEndMillis;
        int requests;
        int left;
        int total;
        boolean usedUp;
    }

    private final SharedCounts shared;
    private final History history;
    private final RateLimiter perNode;
    private final int maxKeys;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean warned = new AtomicBoolean();

    public ClusterLimiter(SharedCounts shared, History history) {
        this(shared, history, MAX_KEYS);
    }

    ClusterLimiter(SharedCounts shared, History history, int maxKeys) {
        this.shared = shared;
        this.history = history;
        this.perNode = new RateLimiter(maxKeys);
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one use of {@code limit}'s current window.
     *
     * @param counterId what is counted: the key's id for its rate limit, its lineage's for its quota
     */
    public RateLimiter.Decision acquire(String counterId, UseAllowance limit, long nowMillis) {
        Window window = window(counterId, limit, nowMillis);
        IntSupplier usedBefore = () -> usedBefore(counterId, limit, window.startMillis());
        sweepIfDue(nowMillis);
        Batch batch = batches.get(window.counter());
        if (batch == null && batches.size() < maxKeys) {
            batch = batches.computeIfAbsent(window.counter(), id -> new Batch());
        }
        if (batch == null) {
            return takeOne(window, limit, usedBefore, nowMillis);
        }
        synchronized (batch) {
            if (batch.windowStartMillis != window.startMillis()) {
                batch.windowStartMillis = window.startMillis();
                batch.windowEndMillis = window.endMillis();
                batch.left = 0;
                batch.total = 0;
                batch.usedUp = false;
            }
            if (batch.requests != limit.requests()) {
                // The allowance was changed: a window used up under the old one may have room now, and uses taken
                // under a higher one are dropped, not handed out, so a lowered allowance holds at once.
                batch.requests = limit.requests();
                batch.left = 0;
                batch.usedUp = false;
            }
            if (batch.left == 0 && !batch.usedUp) {
                Taken taken;
                try {
                    taken = shared.take(window, limit.requests(), batchSize(limit), usedBefore, nowMillis);
                } catch (RuntimeException unreachable) {
                    return countedOnThisNode(window.counter(), limit, nowMillis, unreachable);
                }
                batch.left = taken.uses();
                batch.total = taken.total();
                batch.usedUp = taken.uses() == 0;
            }
            if (batch.usedUp) {
                return decision(false, limit, 0, window, nowMillis);
            }
            batch.left--;
            return decision(true, limit, remaining(limit, batch.total, batch.left), window, nowMillis);
        }
    }

    /**
     * The uses of {@code limit}'s current window counted so far across the cluster, taking none: what the nodes
     * handed out plus what they hold in batches. Without a count in the cluster, a quota's period is what the usage
     * table holds for it, anything else 0.
     */
    public int used(String counterId, UseAllowance limit, long nowMillis) {
        Window window = window(counterId, limit, nowMillis);
        try {
            OptionalInt counted = shared.peek(window);
            if (counted.isPresent()) {
                return counted.getAsInt();
            }
        } catch (RuntimeException unreachable) {
            LOG.debugf("Cluster-wide counts unreachable, reading the usage table instead: %s", unreachable);
        }
        return usedBefore(counterId, limit, window.startMillis());
    }

    /** Counters holding a batch on this node. */
    public int size() {
        return batches.size();
    }

    static int batchSize(UseAllowance limit) {
        return Math.max(1, Math.min(MAX_BATCH, limit.requests() / 100));
    }

    private static Window window(String counterId, UseAllowance limit, long nowMillis) {
        return new Window(limit.counterName() + ":" + counterId, limit.windowStart(nowMillis),
                limit.windowEnd(nowMillis));
    }

    /** Where a window without a cluster count starts: a quota's period outlives the cluster, a rate limit's not. */
    private int usedBefore(String counterId, UseAllowance limit, long windowStartMillis) {
        return limit instanceof Quota ? history.acceptedSince(counterId, windowStartMillis) : 0;
    }

    private static RateLimiter.Decision decision(boolean allowed, UseAllowance limit, int remaining, Window window,
                                                 long nowMillis) {
        return RateLimiter.Decision.of(allowed, limit, remaining, window.startMillis(), window.endMillis(), nowMillis);
    }

    private RateLimiter.Decision takeOne(Window window, UseAllowance limit, IntSupplier usedBefore, long nowMillis) {
        try {
            Taken taken = shared.take(window, limit.requests(), 1, usedBefore, nowMillis);
            return decision(taken.uses() > 0, limit, remaining(limit, taken.total(), 0), window, nowMillis);
        } catch (RuntimeException unreachable) {
            return countedOnThisNode(window.counter(), limit, nowMillis, unreachable);
        }
    }

    private RateLimiter.Decision countedOnThisNode(String counter, UseAllowance limit, long nowMillis,
                                                   RuntimeException cause) {
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("Cluster-wide rate limit and quota counts unreachable (%s): keys are counted per node until they"
                    + " are reachable again", cause.toString());
        } else {
            LOG.debugf("Cluster-wide rate limit and quota counts unreachable: %s", cause);
        }
        return perNode.acquire(counter, limit, nowMillis);
    }

    private static int remaining(UseAllowance limit, int total, int left) {
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
