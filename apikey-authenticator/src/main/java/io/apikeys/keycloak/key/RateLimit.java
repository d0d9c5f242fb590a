package io.apikeys.keycloak.key;

/** At most {@code requests} uses per fixed window of {@code windowSeconds}, windows aligned to the epoch. */
public record RateLimit(int requests, int windowSeconds) implements UseAllowance {

    public static final int MAX_WINDOW_SECONDS = 86_400;

    public RateLimit {
        if (requests < 1) {
            throw new IllegalArgumentException("rateLimit.requests must be at least 1");
        }
        if (windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
            throw new IllegalArgumentException("rateLimit.windowSeconds must be between 1 and " + MAX_WINDOW_SECONDS);
        }
    }

    @Override
    public long windowStart(long nowMillis) {
        return nowMillis - Math.floorMod(nowMillis, windowSeconds * 1000L);
    }

    @Override
    public long windowEnd(long nowMillis) {
        return windowStart(nowMillis) + windowSeconds * 1000L;
    }

    @Override
    public String counterName() {
        return "rate-" + windowSeconds;
    }
}
