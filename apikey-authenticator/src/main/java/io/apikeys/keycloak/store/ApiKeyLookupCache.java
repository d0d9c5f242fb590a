package io.apikeys.keycloak.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-node memory of verified keys (by hash) and of well-formed hashes known not to exist, both bounded (least
 * recently used entries go first). A hit costs no database read; every change to a key evicts it on every node.
 *
 * <p>A load that raced with an eviction must not put the stale row back: {@link #generation()} is read before the
 * database query and {@link #put} is ignored if any eviction happened in between.
 */
final class ApiKeyLookupCache {

    private final Map<String, StoredApiKey> keys;
    private final Map<String, Boolean> missing;
    private final AtomicLong generation = new AtomicLong();

    ApiKeyLookupCache(int maxKeys, int maxMissing) {
        this.keys = lru(maxKeys);
        this.missing = lru(maxMissing);
    }

    long generation() {
        return generation.get();
    }

    StoredApiKey get(String hash) {
        synchronized (keys) {
            return keys.get(hash);
        }
    }

    void put(StoredApiKey key, long loadedAtGeneration) {
        synchronized (keys) {
            if (generation.get() == loadedAtGeneration) {
                keys.put(key.keyHash(), key);
            }
        }
    }

    boolean isKnownMissing(String hash) {
        synchronized (missing) {
            return missing.get(hash) != null;
        }
    }

    void markMissing(String hash, long loadedAtGeneration) {
        synchronized (missing) {
            if (generation.get() == loadedAtGeneration) {
                missing.put(hash, Boolean.TRUE);
            }
        }
    }

    void evict(Collection<String> hashes) {
        synchronized (keys) {
            generation.incrementAndGet();
            hashes.forEach(keys::remove);
        }
    }

    void evictRealm(String realmId) {
        synchronized (keys) {
            generation.incrementAndGet();
            keys.values().removeIf(key -> key.realmId().equals(realmId));
        }
    }

    void clearMissing() {
        synchronized (missing) {
            generation.incrementAndGet();
            missing.clear();
        }
    }

    int size() {
        synchronized (keys) {
            return keys.size();
        }
    }

    int missingSize() {
        synchronized (missing) {
            return missing.size();
        }
    }

    private static <V> Map<String, V> lru(int maxEntries) {
        return new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
