package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.RateLimit;
import org.jboss.logging.Logger;

/**
 * Slows down key guessing: an address with too many failed key uses in a window (default 100 per 60 s, per node)
 * has its further attempts refused until the window ends, without a database lookup. Only keys this node has
 * verified before (in its memory) still work from there, so an attacker cannot lock out a key holder: not one at
 * another address, and usually not one behind the same address either. Introspection is not throttled: its caller
 * is an authenticated gateway speaking for many key holders.
 */
public final class SourceAddressThrottle {

    public static final int DEFAULT_MAX_FAILURES = 100;
    public static final int DEFAULT_WINDOW_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(SourceAddressThrottle.class);

    private static volatile SourceAddressThrottle current =
            new SourceAddressThrottle(new RateLimit(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW_SECONDS));

    private final RateLimit policy;
    private final RateLimiter failures = new RateLimiter();

    SourceAddressThrottle(RateLimit policy) {
        this.policy = policy;
    }

    /** Set once at startup from the client authenticator's SPI options. */
    public static void configure(int maxFailures, int windowSeconds) {
        current = new SourceAddressThrottle(new RateLimit(Math.max(1, maxFailures), Math.max(1, windowSeconds)));
        LOG.debugf("API key attempts from one address refused after %d failures in %d s", maxFailures, windowSeconds);
    }

    static SourceAddressThrottle current() {
        return current;
    }

    boolean isThrottled(String address, long nowMillis) {
        return address != null && failures.used(address, policy, nowMillis) >= policy.requests();
    }

    void recordFailure(String address, long nowMillis) {
        if (address == null) {
            return;
        }
        RateLimiter.Decision decision = failures.acquire(address, policy, nowMillis);
        if (decision.remaining() == 0 && failures.used(address, policy, nowMillis) == policy.requests()) {
            LOG.warnf("%d failed API key uses from %s within %d s: further attempts from there are refused for %d s",
                    policy.requests(), address, policy.windowSeconds(), decision.resetSeconds());
        }
    }
}
