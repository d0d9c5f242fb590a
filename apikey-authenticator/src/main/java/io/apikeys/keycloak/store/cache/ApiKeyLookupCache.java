package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.StoredApiKey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-node memory of verified keys (by hash), of well-formed hashes known not to exist (both bounded, least
 * recently used entries go first) and of the hashes of all stored keys ({@link KnownKeyHashes}). A hit costs no
 * database read; every change to a key evicts it on every node.
 *
 * <p>A load that raced with an eviction must not put the stale row back: {@link #generation()} is read before the
 * database query and {@link #put} is ignored if any eviction happened in between.
 */
public final class ApiKeyLookupCache {

    private final Map<ApiKeyHash, StoredApiKey> keys;
    /** The hash of each cached key's id, for the tokens minted from a key (they carry its id). Guarded by keys. */
    private final Map<String, ApiKeyHash> hashesById;
    private final Map<ApiKeyHash, Boolean> missing;
    private final KnownKeyHashes known = new KnownKeyHashes();
    private final AtomicLong generation = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public ApiKeyLookupCache(int maxKeys, int maxMissing) {
        this.keys = lru(maxKeys);
        this.hashesById = lru(maxKeys);
        this.missing = lru(maxMissing);
    }

    public long generation() {
        return generation.get();
    }

    public StoredApiKey get(ApiKeyHash hash) {
        StoredApiKey key;
        synchronized (keys) {
            key = keys.get(hash);
        }
        (key != null ? hits : misses).increment();
        return key;
    }

    /** The cached key with this id, or null; a key evicted since is not returned, whatever the id map still says. */
    public StoredApiKey getById(String id) {
        StoredApiKey key;
        synchronized (keys) {
            ApiKeyHash hash = hashesById.get(id);
            key = hash == null ? null : keys.get(hash);
        }
        (key != null ? hits : misses).increment();
        return key;
    }

    /** Lookups served from memory since the start, for the metrics. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups of keys not in memory (then refused from memory, or read from the database). */
    public long misses() {
        return misses.sum();
    }

    public void put(StoredApiKey key, long loadedAtGeneration) {
        synchronized (keys) {
            if (generation.get() == loadedAtGeneration) {
                keys.put(key.keyHash(), key);
                hashesById.put(key.id(), key.keyHash());
            }
        }
    }

    /** True if no stored key can have this hash: not among the stored hashes, or looked up before and not found. */
    public boolean isKnownMissing(ApiKeyHash hash) {
        if (!known.mightContain(hash)) {
            return true;
        }
        synchronized (missing) {
            return missing.get(hash) != null;
        }
    }

    /** The hashes of every stored key, read at startup and now and then to heal a missed cluster message. */
    public KnownKeyHashes knownHashes() {
        return known;
    }

    /** New keys: known from now on, even if a lookup raced with their creation and remembered them as missing. */
    void keysCreated(Collection<ApiKeyHash> hashes) {
        hashes.forEach(known::add);
        synchronized (missing) {
            generation.incrementAndGet();
            hashes.forEach(missing::remove);
        }
    }

    public void markMissing(ApiKeyHash hash, long loadedAtGeneration) {
        synchronized (missing) {
            if (generation.get() == loadedAtGeneration) {
                missing.put(hash, Boolean.TRUE);
            }
        }
    }

    void evict(Collection<ApiKeyHash> hashes) {
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

    /**
     * Forgets every cached key and unknown hash. The known hashes stay until a full read replaces them: emptying
     * them would let every unknown key through to the database until then.
     */
    public void clear() {
        synchronized (keys) {
            synchronized (missing) {
                generation.incrementAndGet();
                keys.clear();
                hashesById.clear();
                missing.clear();
            }
        }
    }

    public int size() {
        synchronized (keys) {
            return keys.size();
        }
    }

    public int missingSize() {
        synchronized (missing) {
            return missing.size();
        }
    }

    private static <K, V> Map<K, V> lru(int maxEntries) {
        return new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
