package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.UseAllowance;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each key's rate limit and quota, counted across the cluster. The uses of a window are counted once for the whole
 * cluster ({@link SharedCounts}); a node takes them from there in small batches ({@link UseBatch}) and hands them out
 * locally, so that only one request in a batch waits for the cluster.
 *
 * <p>The bound: the cluster never admits more than {@code requests} uses per window, since every use handed out was
 * taken from the shared count first. It may refuse a little early: uses a node took but has not handed out yet are
 * lost to the other nodes, at most {@code batch - 1} per other node (and per restart of a node), where {@code batch}
 * is 1 for allowances up to 199 per window, {@code requests / 100} above that, and at most {@value #MAX_BATCH}. A
 * limit of 20 a minute on any number of nodes therefore admits exactly 20 a minute. A window that is used up is
 * refused from memory, without asking the cluster again, until the window ends or the allowance changes; a lowered
 * allowance holds at once (the batch taken under the higher one is dropped).
 *
 * <p>A quota's period (a UTC day or month) outlives the cluster itself: when the cluster has no count yet for the
 * period, it starts from the uses already written ({@link UsageHistory}), read once per period and cluster, outside
 * any lock. A rate limit's window starts from zero.
 *
 * <p>When the shared count cannot be reached at all (neither the cluster nor the database answers), the node counts
 * on its own ({@link FixedWindowCounters}): up to the allowance on that node. Bounded like the other counters: at
 * most {@value #MAX_KEYS} counters hold a batch on one node; beyond that a key takes one use at a time.
 */
public final class ClusterAllowances {

    static final int MAX_KEYS = 100_000;
    static final int MAX_BATCH = 100;
    private static final Logger LOG = Logger.getLogger(ClusterAllowances.class);

    private final SharedCounts shared;
    private final UsageHistory history;
    private final FixedWindowCounters perNode;
    private final int maxKeys;
    private final Map<String, UseBatch> batches = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean warned = new AtomicBoolean();

    public ClusterAllowances(SharedCounts shared, UsageHistory history) {
        this(shared, history, MAX_KEYS);
    }

    ClusterAllowances(SharedCounts shared, UsageHistory history, int maxKeys) {
        this.shared = shared;
        this.history = history;
        this.perNode = new FixedWindowCounters(maxKeys);
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one use of {@code limit}'s current window.
     *
     * @param counterId what is counted: the key's id for its rate limit, its lineage's for its quota
     */
    public AllowanceDecision acquire(String counterId, UseAllowance limit, long nowMillis) {
        SharedCounts.Window window = window(counterId, limit, nowMillis);
        sweepIfDue(nowMillis);
        UseBatch batch = batches.get(window.counter());
        if (batch == null && batches.size() < maxKeys) {
            batch = batches.computeIfAbsent(window.counter(), id -> new UseBatch());
        }
        OptionalInt usedBefore = limit instanceof Quota ? OptionalInt.empty() : OptionalInt.of(0);
        try {
            while (true) {
                if (batch == null) {
                    Optional<SharedCounts.Taken> taken = shared.take(window, limit.requests(), 1, usedBefore, nowMillis);
                    if (taken.isPresent()) {
                        return AllowanceDecision.of(taken.get().uses() > 0, limit, remaining(limit, taken.get().total(), 0),
                                window.startMillis(), window.endMillis(), nowMillis);
                    }
                } else {
                    synchronized (batch) {
                        batch.align(window, limit);
                        if (!batch.needsRefill()) {
                            return batch.handOut(limit, window, nowMillis);
                        }
                        Optional<SharedCounts.Taken> taken =
                                shared.take(window, limit.requests(), shared.batchSize(limit.requests()), usedBefore,
                                        nowMillis);
                        if (taken.isPresent()) {
                            batch.refill(taken.get());
                            return batch.handOut(limit, window, nowMillis);
                        }
                    }
                }
                // The cluster has no count for this quota period yet: read where it starts, with no lock held.
                usedBefore = OptionalInt.of(history.acceptedSince(counterId, window.startMillis()));
            }
        } catch (RuntimeException unreachable) {
            return countedOnThisNode(window.counter(), limit, nowMillis, unreachable);
        }
    }

    /**
     * The uses of {@code limit}'s current window counted so far across the cluster, taking none: what the nodes
     * handed out plus what they hold in batches. Without a count in the cluster, a quota's period is what the usage
     * history holds for it, anything else 0.
     */
    public int used(String counterId, UseAllowance limit, long nowMillis) {
        SharedCounts.Window window = window(counterId, limit, nowMillis);
        try {
            OptionalInt counted = shared.peek(window);
            if (counted.isPresent()) {
                return counted.getAsInt();
            }
        } catch (RuntimeException unreachable) {
            LOG.debugf("Cluster-wide counts unreachable, reading the usage history instead: %s", unreachable);
        }
        return limit instanceof Quota ? history.acceptedSince(counterId, window.startMillis()) : 0;
    }

    /** Counters holding a batch on this node. */
    public int size() {
        return batches.size();
    }

    static int remaining(UseAllowance limit, int total, int left) {
        return Math.max(0, limit.requests() - total + left);
    }

    private static SharedCounts.Window window(String counterId, UseAllowance limit, long nowMillis) {
        return new SharedCounts.Window(limit.counterName() + ":" + counterId, limit.windowStart(nowMillis),
                limit.windowEnd(nowMillis));
    }

    private AllowanceDecision countedOnThisNode(String counter, UseAllowance limit, long nowMillis,
                                                RuntimeException cause) {
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("Shared rate limit and quota counts unreachable (%s): keys are counted per node until they"
                    + " are reachable again", cause.toString());
        } else {
            LOG.debugf("Shared rate limit and quota counts unreachable: %s", cause);
        }
        return perNode.acquire(counter, limit, nowMillis);
    }

    private void sweepIfDue(long nowMillis) {
        long last = lastSweepMillis.get();
        if (batches.size() <= maxKeys / 2 || nowMillis - last < 1_000 || !lastSweepMillis.compareAndSet(last, nowMillis)) {
            return;
        }
        batches.values().removeIf(batch -> {
            synchronized (batch) {
                return batch.endedBy(nowMillis);
            }
        });
    }
}
