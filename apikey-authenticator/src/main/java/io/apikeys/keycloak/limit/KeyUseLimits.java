package io.apikeys.keycloak.limit;

/**
 * The counters every key use goes through: each key's own rate limit and quota (counted across the cluster), and
 * the per-node throttle of addresses that keep presenting bad keys. Created once per node by the store's factory,
 * which owns them (never a static field).
 */
public record KeyUseLimits(ClusterLimiter allowances, SourceAddressThrottle throttle) {
}
