package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.UseAllowance;

/**
 * What one counted use of an allowance (a key's rate limit or quota, an address's failures) came to.
 *
 * @param resetSeconds  seconds until the current window ends (at least 1)
 * @param windowSeconds the current window's length
 */
public record AllowanceDecision(boolean allowed, UseAllowance limit, int remaining, long resetSeconds,
                                long windowSeconds) {

    static AllowanceDecision of(boolean allowed, UseAllowance limit, int remaining, long startMillis, long endMillis,
                                long nowMillis) {
        return new AllowanceDecision(allowed, limit, remaining, Math.max(1, (endMillis - nowMillis + 999) / 1000),
                (endMillis - startMillis) / 1000);
    }
}
