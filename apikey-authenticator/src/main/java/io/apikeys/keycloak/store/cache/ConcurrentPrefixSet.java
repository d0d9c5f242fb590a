package io.apikeys.keycloak.store.cache;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The prefixes of keys created since the last full read (cluster messages and incremental reads): a primitive
 * open-addressing set, at most half full (16 to 32 bytes per key), small because a full read starts it over.
 * Writers take a lock for one insert; readers take none and see every insert that completed before they started.
 */
final class ConcurrentPrefixSet {

    private static final long EMPTY = 0L;

    private volatile AtomicLongArray slots = new AtomicLongArray(64);
    private volatile boolean containsZero;
    private volatile int size;

    boolean contains(long prefix) {
        if (prefix == EMPTY) {
            return containsZero;
        }
        AtomicLongArray table = slots;
        int mask = table.length() - 1;
        for (int i = index(prefix, mask); ; i = (i + 1) & mask) {
            long slot = table.get(i);
            if (slot == prefix) {
                return true;
            }
            if (slot == EMPTY) {
                return false;
            }
        }
    }

    synchronized void add(long prefix) {
        if (prefix == EMPTY) {
            if (!containsZero) {
                containsZero = true;
                size++;
            }
            return;
        }
        AtomicLongArray table = slots;
        if ((size + 1) * 2L > table.length()) {
            table = grown(table);
            slots = table;
        }
        if (insert(table, prefix)) {
            size++;
        }
    }

    int size() {
        return size;
    }

    long bytes() {
        return 16L + 8L * slots.length();
    }

    private static AtomicLongArray grown(AtomicLongArray table) {
        AtomicLongArray bigger = new AtomicLongArray(table.length() * 2);
        for (int i = 0; i < table.length(); i++) {
            long prefix = table.get(i);
            if (prefix != EMPTY) {
                insert(bigger, prefix);
            }
        }
        return bigger;
    }

    /** Linear probing; false if the prefix was already there. */
    private static boolean insert(AtomicLongArray table, long prefix) {
        int mask = table.length() - 1;
        for (int i = index(prefix, mask); ; i = (i + 1) & mask) {
            long slot = table.get(i);
            if (slot == prefix) {
                return false;
            }
            if (slot == EMPTY) {
                table.set(i, prefix);
                return true;
            }
        }
    }

    /** The bits of a SHA-256 prefix are already uniform; folding them is enough to spread the slots. */
    private static int index(long prefix, int mask) {
        return (int) (prefix ^ (prefix >>> 32)) & mask;
    }
}
