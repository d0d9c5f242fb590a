package io.apikeys.keycloak.limit;

import java.util.Optional;
import java.util.OptionalInt;

/** The cluster-wide count of uses taken per counter and window: the port {@link ClusterAllowances} counts through. */
public interface SharedCounts {

    /**
     * One counter's current window, worked out once per use.
     *
     * @param counter names the key (or key lineage) and the kind of window; the start completes it
     */
    record Window(String counter, long startMillis, long endMillis) {
    }

    /** @param uses the uses taken now (0: the window is used up); @param total the window's count after taking them */
    record Taken(int uses, int total) {
    }

    /**
     * Takes up to {@code wanted} uses of the window from the cluster-wide count, never beyond {@code requests}.
     *
     * @param usedBefore where a window the cluster has no count for yet starts; when empty, such a window is not
     *                   started and the answer is empty (the caller reads where it starts and asks again)
     * @throws RuntimeException when the shared count cannot be reached
     */
    Optional<Taken> take(Window window, int requests, int wanted, OptionalInt usedBefore, long nowMillis);

    /**
     * How many uses a node takes at a time for an allowance of {@code requests} per window: the trade between round
     * trips to the shared count and the uses a node may hold that others cannot take.
     */
    default int batchSize(int requests) {
        return Math.max(1, Math.min(ClusterAllowances.MAX_BATCH, requests / 100));
    }

    /**
     * The window's count, without taking from it; empty when the cluster holds none.
     *
     * @throws RuntimeException when the shared count cannot be reached
     */
    OptionalInt peek(Window window);
}
