package io.apikeys.keycloak.limit;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/** The cluster-wide counts of {@link ClusterAllowances} for tests: one map that several "nodes" may share. */
public final class InMemorySharedCounts implements SharedCounts {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile boolean reachable = true;
    private int calls;

    @Override
    public synchronized Optional<SharedCounts.Taken> take(SharedCounts.Window window, int requests, int wanted,
                                                          OptionalInt usedBefore, long nowMillis) {
        if (!reachable) {
            throw new IllegalStateException("cut off");
        }
        calls++;
        String entry = window.counter() + ":" + window.startMillis();
        Integer current = counts.get(entry);
        if (current == null && usedBefore.isEmpty()) {
            return Optional.empty();
        }
        int total = current != null ? current : Math.max(0, usedBefore.getAsInt());
        int uses = Math.max(0, Math.min(wanted, requests - total));
        counts.put(entry, total + uses);
        return Optional.of(new SharedCounts.Taken(uses, total + uses));
    }

    @Override
    public synchronized OptionalInt peek(SharedCounts.Window window) {
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
