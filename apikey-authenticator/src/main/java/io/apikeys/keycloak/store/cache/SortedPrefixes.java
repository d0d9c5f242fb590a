package io.apikeys.keycloak.store.cache;

import java.util.Arrays;

/**
 * The 64-bit hash prefixes of a full read, sorted in one {@code long[]}: 8 bytes per key and no object per key, so
 * ten million keys take 80 MB. Never changed once built, so lookups need no lock. SHA-256 prefixes are uniform, so
 * a lookup guesses the position from the value (interpolation search: two or three reads of the array at 10M keys
 * instead of 24 for a binary search) and finishes with a binary search in a short range, which also bounds the work
 * should the values ever be skewed.
 */
public final class SortedPrefixes {

    static final SortedPrefixes EMPTY = new SortedPrefixes(new long[0], 0);

    private final long[] prefixes;
    private final int size;

    private SortedPrefixes(long[] prefixes, int size) {
        this.prefixes = prefixes;
        this.size = size;
    }

    private static final int GUESSES = 6;
    private static final int BINARY_SEARCH_BELOW = 32;

    public boolean contains(long prefix) {
        int low = 0;
        int high = size - 1;
        for (int guess = 0; guess < GUESSES && high - low >= BINARY_SEARCH_BELOW; guess++) {
            long lowest = prefixes[low];
            long highest = prefixes[high];
            if (prefix < lowest || prefix > highest) {
                return false;
            }
            double fraction = ((double) prefix - (double) lowest) / ((double) highest - (double) lowest);
            int at = Math.clamp(low + (long) (fraction * (high - low)), low, high);
            long found = prefixes[at];
            if (found == prefix) {
                return true;
            }
            if (found < prefix) {
                low = at + 1;
            } else {
                high = at - 1;
            }
        }
        return low <= high && Arrays.binarySearch(prefixes, low, high + 1, prefix) >= 0;
    }

    public int size() {
        return size;
    }

    /** Memory held, in bytes (the array; the slack of a read that found fewer rows than expected included). */
    public long bytes() {
        return 16L + 8L * prefixes.length;
    }

    /** Collects the prefixes of a read into one growing array (no boxing), then sorts it in place. */
    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    public static final class Builder {

        /** Room for keys created between counting and reading (8 KB), so that the array is rarely copied. */
        private static final int SLACK = 1024;

        private long[] prefixes;
        private int size;

        private Builder(int expectedSize) {
            this.prefixes = new long[Math.max(0, expectedSize) + SLACK];
        }

        public void add(long prefix) {
            if (size == prefixes.length) {
                prefixes = Arrays.copyOf(prefixes, size + (size >>> 2) + 16);
            }
            prefixes[size++] = prefix;
        }

        public int size() {
            return size;
        }

        /** Sorts in place; copies to trim only if the array had to grow (the read found more rows than counted). */
        public SortedPrefixes build() {
            Arrays.sort(prefixes, 0, size);
            long[] table = prefixes.length - size > SLACK ? Arrays.copyOf(prefixes, size) : prefixes;
            prefixes = null;
            return new SortedPrefixes(table, size);
        }
    }
}
