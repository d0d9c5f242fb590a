package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;

/**
 * The first 64 bits of every stored key hash, in memory on each node, so that a well-formed but unknown key (its
 * checksum is public, anyone can make one) is refused without a database query.
 *
 * <p>It only answers "certainly unknown" or "maybe known": a false "maybe" (a deleted key, or two hashes sharing 64
 * bits, about 1 in 10^12 for ten million keys) costs one query, a false "unknown" would refuse a valid key, so
 * hashes are added before their key is committed and again after, and removed only by a full read. Until the first
 * full read it answers "maybe" for everything.
 *
 * <p>What a lookup reads is one immutable pair, swapped with one reference write: the prefixes of the last full read
 * ({@link SortedPrefixes}, 8 bytes per key) and those of keys created since ({@link ConcurrentPrefixSet}). A full
 * read builds its table beside the current one, which keeps answering, and is swapped in together with the hashes
 * created while it ran; no lookup ever waits for a read or sees an empty table.
 */
public final class KnownKeyHashes {

    private record Tables(SortedPrefixes stored, ConcurrentPrefixSet created, boolean loaded) {

        boolean mightContain(long prefix) {
            return !loaded || stored.contains(prefix) || created.contains(prefix);
        }
    }

    private volatile Tables tables = new Tables(SortedPrefixes.EMPTY, new ConcurrentPrefixSet(), false);
    /** The hashes created since the running full read began (guarded by this), kept beside the table it replaces. */
    private ConcurrentPrefixSet createdDuringRead;

    /** False only if no stored key has this hash. */
    public boolean mightContain(ApiKeyHash hash) {
        return tables.mightContain(hash.prefix64());
    }

    /** A new key (or one an incremental read found): known from now on, also in the table of a running full read. */
    public synchronized void add(long prefix) {
        tables.created().add(prefix);
        if (createdDuringRead != null) {
            createdDuringRead.add(prefix);
        }
    }

    void add(ApiKeyHash hash) {
        add(hash.prefix64());
    }

    /** A full read starts: from now on, created hashes are also kept for the table that will replace this one. */
    public synchronized void beginFullRead() {
        createdDuringRead = new ConcurrentPrefixSet();
    }

    /** The full read ended: its table and the hashes created meanwhile replace the current ones (one write). */
    public synchronized void replace(SortedPrefixes stored) {
        ConcurrentPrefixSet created = createdDuringRead == null ? new ConcurrentPrefixSet() : createdDuringRead;
        createdDuringRead = null;
        tables = new Tables(stored, created, true);
    }

    /** The full read failed: the current table stays. */
    public synchronized void abandonFullRead() {
        createdDuringRead = null;
    }

    public boolean isLoaded() {
        return tables.loaded();
    }

    /** Stored plus created hashes (a key may be counted twice if it was created while being read). */
    public int size() {
        Tables current = tables;
        return current.stored().size() + current.created().size();
    }

    public int storedSize() {
        return tables.stored().size();
    }

    public int createdSize() {
        return tables.created().size();
    }

    /** Memory held by the tables a lookup reads, in bytes. */
    public long bytes() {
        Tables current = tables;
        return current.stored().bytes() + current.created().bytes();
    }
}
