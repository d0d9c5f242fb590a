package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.RateLimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The cluster-wide counts of {@link ClusterRateLimiter} for tests: one map that several "nodes" may share. */
public final class InMemorySharedCounts implements ClusterRateLimiter.SharedCounts {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile boolean reachable = true;
    private int calls;

    @Override
    public synchronized ClusterRateLimiter.Taken take(String keyId, RateLimit limit, long windowStartMillis, int wanted,
                                                      long nowMillis) {
        if (!reachable) {
            throw new IllegalStateException("cut off");
        }
        calls++;
        String entry = keyId + ":" + limit.windowSeconds() + ":" + windowStartMillis;
        int total = counts.getOrDefault(entry, 0);
        int uses = Math.max(0, Math.min(wanted, limit.requests() - total));
        counts.put(entry, total + uses);
        return new ClusterRateLimiter.Taken(uses, total + uses);
    }

    public void reachable(boolean value) {
        reachable = value;
    }

    public synchronized int calls() {
        return calls;
    }
}
