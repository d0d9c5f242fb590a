package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;

import java.util.Arrays;

/**
 * The first 64 bits of every stored key hash, in memory on each node, so that a well-formed but unknown key (its
 * checksum is public, anyone can make one) is refused without a database query.
 *
 * <p>It only answers "certainly unknown" or "maybe known": a false "maybe" (a deleted key, or two hashes sharing 64
 * bits, about 1 in 10^14 for a million keys) costs one query, a false "unknown" would refuse a valid key, so hashes
 * are added before their key is committed and removed only by a restart. Until the first {@link #load} it answers
 * "maybe" for everything. Memory: 16 to 32 bytes per key (an open-addressing table of longs, a quarter to half full).
 */
public final class KnownKeyHashes {

    private static final long EMPTY = 0L;

    private long[] slots = new long[1024];
    private int size;
    private boolean containsZero;
    private volatile boolean loaded;

    /** Adds every hash of the database (a union: hashes added meanwhile stay) and starts answering "unknown". */
    synchronized void load(Iterable<ApiKeyHash> hashes) {
        hashes.forEach(this::add);
        loaded = true;
    }

    /** Answers "maybe" again until the next {@link #load}: the database may hold keys this node never heard of. */
    void unload() {
        loaded = false;
    }

    synchronized void add(ApiKeyHash hash) {
        long prefix = hash.prefix64();
        if (prefix == EMPTY) {
            containsZero = true;
            return;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        if (insert(slots, prefix)) {
            size++;
        }
    }

    /** False only if no stored key has this hash. */
    boolean mightContain(ApiKeyHash hash) {
        if (!loaded) {
            return true;
        }
        long prefix = hash.prefix64();
        synchronized (this) {
            if (prefix == EMPTY) {
                return containsZero;
            }
            int mask = slots.length - 1;
            for (int i = index(prefix, mask); ; i = (i + 1) & mask) {
                if (slots[i] == prefix) {
                    return true;
                }
                if (slots[i] == EMPTY) {
                    return false;
                }
            }
        }
    }

    boolean isLoaded() {
        return loaded;
    }

    synchronized int size() {
        return size + (containsZero ? 1 : 0);
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        Arrays.stream(slots).filter(prefix -> prefix != EMPTY).forEach(prefix -> insert(bigger, prefix));
        slots = bigger;
    }

    /** Linear probing; false if the prefix was already there. */
    private static boolean insert(long[] table, long prefix) {
        int mask = table.length - 1;
        for (int i = index(prefix, mask); ; i = (i + 1) & mask) {
            if (table[i] == prefix) {
                return false;
            }
            if (table[i] == EMPTY) {
                table[i] = prefix;
                return true;
            }
        }
    }

    /** The bits of a SHA-256 prefix are already uniform; folding them is enough to spread the slots. */
    private static int index(long prefix, int mask) {
        return (int) (prefix ^ (prefix >>> 32)) & mask;
    }
}
