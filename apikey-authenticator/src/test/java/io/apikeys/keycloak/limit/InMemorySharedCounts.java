package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.UseAllowance;

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
    public synchronized ClusterLimiter.Taken take(String counter, UseAllowance limit, long windowStartMillis, int wanted,
                                                  IntSupplier usedBefore, long nowMillis) {
        if (!reachable) {
            throw new IllegalStateException("cut off");
        }
        calls++;
        String entry = counter + ":" + windowStartMillis;
        Integer current = counts.get(entry);
        int total = current != null ? current : Math.max(0, usedBefore.getAsInt());
        int uses = Math.max(0, Math.min(wanted, limit.requests() - total));
        counts.put(entry, total + uses);
        return new ClusterLimiter.Taken(uses, total + uses);
    }

    @Override
    public synchronized OptionalInt peek(String counter, long windowStartMillis) {
        if (!reachable) {
            throw new IllegalStateException("cut off");
        }
        Integer current = counts.get(counter + ":" + windowStartMillis);
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
