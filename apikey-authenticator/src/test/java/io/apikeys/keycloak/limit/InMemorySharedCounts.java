package io.apikeys.keycloak.limit;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/** The cluster-wide counts of {@link ClusterLimiter} for tests: one map that several "nodes" may share. */
public final class InMemorySharedCounts implements ClusterLimiter.SharedCounts {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile boolean reachable = true;
    private int calls;

    @Override
    public synchronized ClusterLimiter.Taken take(ClusterLimiter.Window window, int requests, int wanted,
                                                  IntSupplier usedBefore, long nowMillis) {
        if (!reachable) {
            throw new IllegalStateException("cut off");
        }
        calls++;
        String entry = window.counter() + ":" + window.startMillis();
        Integer current = counts.get(entry);
        int total = current != null ? current : Math.max(0, usedBefore.getAsInt());
        int uses = Math.max(0, Math.min(wanted, requests - total));
        counts.put(entry, total + uses);
        return new ClusterLimiter.Taken(uses, total + uses);
    }

    @Override
    public synchronized OptionalInt peek(ClusterLimiter.Window window) {
        if (!reachable) {
            throw new IllegalStateException("cut off");
        }
        Integer current = counts.get(window.counter() + ":" + window.startMillis());
        return current == null ? OptionalInt.empty() : OptionalInt.of(current);
    }

    /** Forgets every count, as a restart of the whole cluster does. */
    public synchronized void clear() {
        counts.clear();
    }

    public void reachable(boolean value) {
        reachable = value;
    }

    public synchronized int calls() {
        return calls;
    }
}
