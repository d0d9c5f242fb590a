package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.RateLimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters per key id (or, for {@link SourceAddressThrottle}, per address), kept in memory on each
 * node: a cluster of N nodes admits up to N times a key's limit in the worst case (round-robin load balancing
 * spreads it evenly). Counters of idle ids are dropped.
 */
public final class RateLimiter {

    /** @param resetSeconds seconds until the current window ends (at least 1) */
    public record Decision(boolean allowed, RateLimit limit, int remaining, long resetSeconds) {
    }

    private static final int MAX_TRACKED_KEYS = 100_000;

    private record Window(long startMillis, int count) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Uses counted in the current window, without counting one more. */
    int used(String keyId, RateLimit limit, long nowMillis) {
        Window window = windows.get(keyId);
        return window == null || nowMillis - window.startMillis() >= limit.windowSeconds() * 1000L ? 0 : window.count();
    }

    public Decision acquire(String keyId, RateLimit limit, long nowMillis) {
        long windowMillis = limit.windowSeconds() * 1000L;
        if (windows.size() > MAX_TRACKED_KEYS) {
            windows.values().removeIf(window -> nowMillis - window.startMillis() >= windowMillis);
        }
        Window window = windows.compute(keyId, (id, current) -> {
            if (current == null || nowMillis - current.startMillis() >= windowMillis) {
                long start = nowMillis - Math.floorMod(nowMillis, windowMillis);
                return new Window(start, 1);
            }
            return new Window(current.startMillis(), current.count() + 1);
        });
        long reset = Math.max(1, (window.startMillis() + windowMillis - nowMillis + 999) / 1000);
        boolean allowed = window.count() <= limit.requests();
        return new Decision(allowed, limit, Math.max(0, limit.requests() - window.count()), reset);
    }
}
