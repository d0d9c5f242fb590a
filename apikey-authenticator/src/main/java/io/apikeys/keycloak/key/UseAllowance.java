package io.apikeys.keycloak.key;

/**
 * A number of uses a key may make per window: its {@link RateLimit} (fixed windows of seconds) or its {@link Quota}
 * (UTC calendar days or months). Windows are aligned, so every node of a cluster agrees on which one a use falls in.
 */
public sealed interface UseAllowance permits RateLimit, Quota {

    int requests();

    /** Start of the window that holds {@code nowMillis}. */
    long windowStart(long nowMillis);

    /** End (exclusive) of the window that holds {@code nowMillis}. */
    long windowEnd(long nowMillis);

    /** Names the kind and size of window, so that a key's rate limit and quota are counted apart. */
    String counterName();
}
