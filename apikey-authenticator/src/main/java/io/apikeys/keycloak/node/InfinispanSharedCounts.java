package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.SharedCounts;
import org.infinispan.Cache;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The cluster-wide use counts of {@link io.apikeys.keycloak.limit.ClusterAllowances}, in Keycloak's own replicated {@code work} cache (the one its
 * cluster events use): one integer per counter and window, changed only by compare-and-set, expiring a minute after
 * its window. A node that joins or restarts receives the counts from the others, so it goes on counting the current
 * window. Used only where that cache is the nodes' own and clustered ({@link CountingPath}).
 */
public final class InfinispanSharedCounts implements SharedCounts {

    private static final String PREFIX = "api-key-rate:";
    private static final long KEPT_AFTER_WINDOW_MILLIS = 60_000;
    private static final int ATTEMPTS = 32;

    private final KeycloakSessionFactory sessionFactory;
    private volatile Cache<String, Object> cache;

    public InfinispanSharedCounts(KeycloakSessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public Optional<SharedCounts.Taken> take(SharedCounts.Window window, int requests, int wanted,
                                             OptionalInt usedBefore, long nowMillis) {
        Cache<String, Object> counts = cache();
        String entry = entry(window);
        long lifespan = window.endMillis() - nowMillis + KEPT_AFTER_WINDOW_MILLIS;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Object current = counts.get(entry);
            if (current == null) {
                if (usedBefore.isEmpty()) {
                    return Optional.empty();
                }
                int before = Math.max(0, usedBefore.getAsInt());
                int uses = Math.max(0, Math.min(wanted, requests - before));
                if (counts.putIfAbsent(entry, before + uses, lifespan, TimeUnit.MILLISECONDS) == null) {
                    return Optional.of(new SharedCounts.Taken(uses, before + uses));
                }
                continue;
            }
            int total = (Integer) current;
            if (total >= requests) {
                return Optional.of(new SharedCounts.Taken(0, total));
            }
            int uses = Math.min(wanted, requests - total);
            if (counts.replace(entry, current, total + uses, lifespan, TimeUnit.MILLISECONDS)) {
                return Optional.of(new SharedCounts.Taken(uses, total + uses));
            }
        }
        throw new IllegalStateException("no compare-and-set of " + entry + " succeeded in " + ATTEMPTS + " attempts");
    }

    @Override
    public OptionalInt peek(SharedCounts.Window window) {
        Object current = cache().get(entry(window));
        return current == null ? OptionalInt.empty() : OptionalInt.of((Integer) current);
    }

    /** Whether the {@code work} cache is shared with other nodes (not with {@code --cache=local}). */
    boolean isClustered() {
        return cache().getCacheConfiguration().clustering().cacheMode().isClustered();
    }

    private static String entry(SharedCounts.Window window) {
        return PREFIX + window.counter() + ":" + window.startMillis();
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
