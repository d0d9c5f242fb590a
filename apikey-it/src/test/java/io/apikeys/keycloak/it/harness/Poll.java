package io.apikeys.keycloak.it.harness;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting by polling: what the server does in the background (flushes, expiry, cluster messages) is awaited, not slept for. */
public final class Poll {

    private static final long INTERVAL_MILLIS = 200;

    private Poll() {
    }

    /** The first non-null value of {@code probe} within {@code timeout}, else null. */
    public static <T> T until(Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null || System.nanoTime() > deadline) {
                return value;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Whether {@code condition} became true within {@code timeout}. */
    public static boolean isTrueWithin(Duration timeout, Supplier<Boolean> condition) {
        return until(timeout, () -> condition.get() ? Boolean.TRUE : null) != null;
    }
}
