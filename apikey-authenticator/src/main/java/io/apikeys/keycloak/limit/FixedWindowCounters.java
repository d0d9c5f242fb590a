package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.UseAllowance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fixed-window counters per id, kept in memory on one node: the failures per address of {@link SourceAddressThrottle},
 * and a key's uses while {@link ClusterAllowances} cannot reach the cluster-wide counts. A cluster of N nodes admits
 * up to N times such a limit in the worst case.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} ids (or the number given to the constructor) have a counter of their
 * own. Counters whose window has ended are swept at most once per window (the caller's), and only while more than
 * half of the places are taken. An id that is new while all places are taken gets no counter of its own: it is
 * counted in one overflow counter shared by every such id and held to the caller's limit as if it were a single
 * id, until a window ends and the sweep frees places. Ids that already have a counter are not affected.
 * For per-key limits (ids are keys found in the database) the bound means more than {@value #MAX_ENTRIES}
 * rate-limited keys in use on one node within one window; the keys beyond it are refused sooner, never later.
 */
public final class FixedWindowCounters {

    static final int MAX_ENTRIES = 100_000;

    private record Window(long startMillis, long endMillis, int count) {

        boolean isLive(long nowMillis) {
            return startMillis <= nowMillis && nowMillis < endMillis;
        }
    }

    private final int maxEntries;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicReference<Window> overflow = new AtomicReference<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);

    public FixedWindowCounters() {
        this(MAX_ENTRIES);
    }

    FixedWindowCounters(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
    }

    /** Uses counted in the current window, without counting one more. */
    int used(String keyId, UseAllowance limit, long nowMillis) {
        Window window = windows.get(keyId);
        if (window == null && entries.get() >= maxEntries) {
            window = overflow.get();
        }
        return window == null || !window.isLive(nowMillis) ? 0 : window.count();
    }

    public AllowanceDecision acquire(String keyId, UseAllowance limit, long nowMillis) {
        sweepIfDue(nowMillis, limit);
        Window window = windows.compute(keyId, (id, current) ->
                current == null && !reservePlace() ? null : counted(current, nowMillis, limit));
        if (window == null) {
            // Full: evicting a live counter would let its owner start afresh, and not counting would switch the limit
            // off for whoever floods new ids; the shared counter holds back only the ids beyond the bound.
            window = overflow.updateAndGet(current -> counted(current, nowMillis, limit));
        }
        boolean allowed = window.count() <= limit.requests();
        return AllowanceDecision.of(allowed, limit, Math.max(0, limit.requests() - window.count()), window.startMillis(),
                window.endMillis(), nowMillis);
    }

    /** Whether {@code keyId} has a counter of its own (else it is counted in the overflow counter). */
    boolean hasOwnCounter(String keyId) {
        return windows.containsKey(keyId);
    }

    /** Ids with a counter of their own. */
    public int size() {
        return windows.size();
    }

    private boolean reservePlace() {
        if (entries.incrementAndGet() <= maxEntries) {
            return true;
        }
        entries.decrementAndGet();
        return false;
    }

    private static Window counted(Window current, long nowMillis, UseAllowance limit) {
        if (current == null || !current.isLive(nowMillis)) {
            return new Window(limit.windowStart(nowMillis), limit.windowEnd(nowMillis), 1);
        }
        return new Window(current.startMillis(), current.endMillis(), current.count() + 1);
    }

    private void sweepIfDue(long nowMillis, UseAllowance limit) {
        long last = lastSweepMillis.get();
        long windowStart = limit.windowStart(nowMillis);
        if (entries.get() <= maxEntries / 2 || last >= windowStart || !lastSweepMillis.compareAndSet(last, nowMillis)) {
            return;
        }
        for (Map.Entry<String, Window> entry : windows.entrySet()) {
            Window window = entry.getValue();
            if (!window.isLive(nowMillis) && windows.remove(entry.getKey(), window)) {
                entries.decrementAndGet();
            }
        }
    }
}
