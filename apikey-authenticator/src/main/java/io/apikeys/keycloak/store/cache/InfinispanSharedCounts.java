package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.ClusterRateLimiter;
import org.infinispan.Cache;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import java.util.concurrent.TimeUnit;

/**
 * The cluster-wide use counts of {@link ClusterRateLimiter}, in Keycloak's own replicated {@code work} cache (the
 * one its cluster events use): one integer per key and window, changed only by compare-and-set, expiring a minute
 * after its window. No new server, no option: a single node ({@code --cache=local}) has the same cache, local.
 */
public final class InfinispanSharedCounts implements ClusterRateLimiter.SharedCounts {

    private static final String PREFIX = "api-key-rate:";
    private static final long KEPT_AFTER_WINDOW_MILLIS = 60_000;
    private static final int ATTEMPTS = 32;

    private final KeycloakSessionFactory sessionFactory;
    private volatile Cache<String, Object> cache;

    public InfinispanSharedCounts(KeycloakSessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public ClusterRateLimiter.Taken take(String keyId, RateLimit limit, long windowStartMillis, int wanted, long nowMillis) {
        Cache<String, Object> counts = cache();
        String entry = PREFIX + keyId + ":" + limit.windowSeconds() + ":" + windowStartMillis;
        long lifespan = windowStartMillis + limit.windowSeconds() * 1000L - nowMillis + KEPT_AFTER_WINDOW_MILLIS;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Object current = counts.get(entry);
            if (current == null) {
                int uses = Math.min(wanted, limit.requests());
                if (counts.putIfAbsent(entry, uses, lifespan, TimeUnit.MILLISECONDS) == null) {
                    return new ClusterRateLimiter.Taken(uses, uses);
                }
                continue;
            }
            int total = (Integer) current;
            if (total >= limit.requests()) {
                return new ClusterRateLimiter.Taken(0, total);
            }
            int uses = Math.min(wanted, limit.requests() - total);
            if (counts.replace(entry, current, total + uses, lifespan, TimeUnit.MILLISECONDS)) {
                return new ClusterRateLimiter.Taken(uses, total + uses);
            }
        }
        throw new IllegalStateException("no compare-and-set of " + entry + " succeeded in " + ATTEMPTS + " attempts");
    }

    private Cache<String, Object> cache() {
        Cache<String, Object> resolved = cache;
        if (resolved == null) {
            try (KeycloakSession session = sessionFactory.create()) {
                resolved = session.getProvider(InfinispanConnectionProvider.class)
                        .getCache(InfinispanConnectionProvider.WORK_CACHE_NAME);
            }
            cache = resolved;
        }
        return resolved;
    }
}
