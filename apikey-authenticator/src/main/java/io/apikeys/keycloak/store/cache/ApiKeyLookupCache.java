package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.StoredApiKey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Per-node memory of verified keys (by hash), of well-formed hashes known not to exist (both bounded, least
 * recently used entries go first) and of the hashes of all stored keys ({@link KnownKeyHashes}). A hit costs no
 * database read; every change to a key evicts it on every node.
 *
 * <p>A load that raced with an eviction must not put the stale row back: {@link #getOrLoad} reads the generation
 * before the database query and keeps nothing if any eviction happened in between.
 */
public final class ApiKeyLookupCache {

    private final Map<ApiKeyHash, StoredApiKey> keys;
    /** The hash of each cached key's id, for the tokens minted from a key (they carry its id). Guarded by keys. */
    private final Map<String, ApiKeyHash> hashesById;
    /** Per realm: a key of one realm presented to another is missing there, not in its own. */
    private final Map<Missing, Boolean> missing;
    private final KnownKeyHashes known = new KnownKeyHashes();
    private final AtomicLong generation = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private record Missing(String realmId, ApiKeyHash hash) {
    }

    public ApiKeyLookupCache(int maxKeys, int maxMissing) {
        this.keys = lru(maxKeys);
        this.hashesById = lru(maxKeys);
        this.missing = lru(maxMissing);
    }

    /**
     * The key with this hash in this realm: from memory, else refused from memory when no key of the realm can
     * have the hash, else {@code load}ed and kept (or remembered as missing).
     */
    public Optional<StoredApiKey> getOrLoad(String realmId, ApiKeyHash hash, Supplier<Optional<StoredApiKey>> load) {
        return getOrLoad(realmId, get(hash), hash, load);
    }

    /** The key with this hash in this realm if it is in memory; nothing is loaded or remembered. */
    public Optional<StoredApiKey> getIfPresent(String realmId, ApiKeyHash hash) {
        return inRealm(realmId, get(hash));
    }

    /** The key with this id in this realm: from memory, else {@code load}ed and kept. */
    public Optional<StoredApiKey> getOrLoadById(String realmId, String id, Supplier<Optional<StoredApiKey>> load) {
        return getOrLoad(realmId, id == null ? null : getById(id), null, load);
    }

    /** @param hash the hash looked up, null for a lookup by id (ids are not remembered as missing) */
    private Optional<StoredApiKey> getOrLoad(String realmId, StoredApiKey cached, ApiKeyHash hash,
                                             Supplier<Optional<StoredApiKey>> load) {
        if (cached != null) {
            return inRealm(realmId, cached);
        }
        if (hash != null && isKnownMissing(realmId, hash)) {
            return Optional.empty();
        }
        long loadedAt = generation();
        Optional<StoredApiKey> loaded = load.get();
        if (loaded.isPresent()) {
            put(loaded.get(), loadedAt);
        } else if (hash != null) {
            markMissing(realmId, hash, loadedAt);
        }
        return loaded;
    }

    /** A key of another realm is treated exactly like an unknown one. */
    private static Optional<StoredApiKey> inRealm(String realmId, StoredApiKey key) {
        return key != null && key.realmId().equals(realmId) ? Optional.of(key) : Optional.empty();
    }

    long generation() {
        return generation.get();
    }

    StoredApiKey get(ApiKeyHash hash) {
        StoredApiKey key;
        synchronized (keys) {
            key = keys.get(hash);
        }
        (key != null ? hits : misses).increment();
        return key;
    }

    /** The cached key with this id, or null; a key evicted since is not returned, whatever the id map still says. */
    StoredApiKey getById(String id) {
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

    void put(StoredApiKey key, long loadedAtGeneration) {
        synchronized (keys) {
            if (generation.get() == loadedAtGeneration) {
                keys.put(key.keyHash(), key);
                hashesById.put(key.id(), key.keyHash());
            }
        }
    }

    /**
     * True if the realm has no stored key with this hash: no realm has (not among the stored hashes), or it was
     * looked up in this realm before and not found.
     */
    boolean isKnownMissing(String realmId, ApiKeyHash hash) {
        if (!known.mightContain(hash)) {
            return true;
        }
        synchronized (missing) {
            return missing.get(new Missing(realmId, hash)) != null;
        }
    }

    /** The hashes of every stored key, read at startup and now and then to heal a missed cluster message. */
    public KnownKeyHashes knownHashes() {
        return known;
    }

    /** New keys: known from now on, even if a lookup raced with their creation and remembered them as missing. */
    void keysCreated(String realmId, Collection<ApiKeyHash> hashes) {
        hashes.forEach(known::add);
        synchronized (missing) {
            generation.incrementAndGet();
            hashes.forEach(hash -> missing.remove(new Missing(realmId, hash)));
        }
    }

    void markMissing(String realmId, ApiKeyHash hash, long loadedAtGeneration) {
        synchronized (missing) {
            if (generation.get() == loadedAtGeneration) {
                missing.put(new Missing(realmId, hash), Boolean.TRUE);
            }
        }
    }

    void evict(Collection<ApiKeyHash> hashes) {
        synchronized (keys) {
            generation.incrementAndGet();
            hashes.forEach(keys::remove);
        }
    }

    /** Forgets the key unless the copy held is at {@code version} or later (null: forget it whatever it is). */
    void evictUnlessAt(ApiKeyHash hash, Integer version) {
        synchronized (keys) {
            StoredApiKey held = keys.get(hash);
            if (held == null || version == null || held.version() < version) {
                generation.incrementAndGet();
                keys.remove(hash);
            }
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
