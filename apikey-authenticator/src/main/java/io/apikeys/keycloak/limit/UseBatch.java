package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.UseAllowance;

/**
 * The uses of one counter's current window that this node took from the cluster and has not handed out yet.
 * Guarded by its own monitor; holds no I/O.
 */
final class UseBatch {

    private long windowStartMillis = Long.MIN_VALUE;
    private long windowEndMillis;
    private int requests;
    private int left;
    private int total;
    private boolean usedUp;

    /**
     * Starts afresh when a new window began, and drops what is left when the allowance changed: a window used up
     * under the old allowance may have room now, and uses taken under a higher one are not handed out, so a lowered
     * allowance holds at once.
     */
    void align(SharedCounts.Window window, UseAllowance limit) {
        if (windowStartMillis != window.startMillis()) {
            windowStartMillis = window.startMillis();
            windowEndMillis = window.endMillis();
            left = 0;
            total = 0;
            usedUp = false;
        }
        if (requests != limit.requests()) {
            requests = limit.requests();
            left = 0;
            usedUp = false;
        }
    }

    boolean needsRefill() {
        return left == 0 && !usedUp;
    }

    void refill(SharedCounts.Taken taken) {
        left = taken.uses();
        total = taken.total();
        usedUp = taken.uses() == 0;
    }

    /** Hands out one use, or refuses when the window is used up. */
    AllowanceDecision handOut(UseAllowance limit, SharedCounts.Window window, long nowMillis) {
        if (usedUp) {
            return AllowanceDecision.of(false, limit, 0, window.startMillis(), window.endMillis(), nowMillis);
        }
        left--;
        return AllowanceDecision.of(true, limit, ClusterAllowances.remaining(limit, total, left), window.startMillis(),
                window.endMillis(), nowMillis);
    }

    boolean endedBy(long nowMillis) {
        return windowEndMillis <= nowMillis;
    }
}
