package io.apikeys.keycloak.limit;

/**
 * The per-node counters every key use goes through: each key's own rate limit, and the throttle of addresses that
 * keep presenting bad keys. Created once per node by the store's factory, which owns them (never a static field).
 */
public record KeyUseLimits(RateLimiter rateLimits, SourceAddressThrottle throttle) {
}
