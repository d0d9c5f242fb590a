package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/**
 * Every per-node SPI option of the extension, read in one place. Set them like any Keycloak SPI option, for example
 * {@code --spi-api-key-store--jpa--cache-size=50000} or {@code --spi-api-key-store--jpa--max-failures-per-address=50}.
 *
 * @param maxFailuresPerAddress failed key uses from one address per window before its further attempts are refused
 * @param knownHashesRefreshSeconds seconds between reads of the keys created meanwhile (a node that missed a cluster
 *                                  message about a new key refuses that key for at most this long)
 */
public record NodeOptions(int cacheSize, int negativeCacheSize, int lastUsedFlushSeconds, int maxFailuresPerAddress,
                          int failureWindowSeconds, int knownHashesRefreshSeconds) {

    static final String CACHE_SIZE = "cacheSize";
    static final String NEGATIVE_CACHE_SIZE = "negativeCacheSize";
    static final String LAST_USED_FLUSH_SECONDS = "lastUsedFlushSeconds";
    static final String MAX_FAILURES_PER_ADDRESS = "maxFailuresPerAddress";
    static final String FAILURE_WINDOW_SECONDS = "failureWindowSeconds";
    static final String KNOWN_HASHES_REFRESH_SECONDS = "knownHashesRefreshSeconds";
    static final int DEFAULT_CACHE_SIZE = 100_000;
    static final int DEFAULT_NEGATIVE_CACHE_SIZE = 10_000;
    static final int DEFAULT_LAST_USED_FLUSH_SECONDS = 60;
    static final int DEFAULT_KNOWN_HASHES_REFRESH_SECONDS = 600;

    static NodeOptions from(Config.Scope config) {
        return new NodeOptions(
                Math.max(1, config.getInt(CACHE_SIZE, DEFAULT_CACHE_SIZE)),
                Math.max(1, config.getInt(NEGATIVE_CACHE_SIZE, DEFAULT_NEGATIVE_CACHE_SIZE)),
                Math.clamp(config.getInt(LAST_USED_FLUSH_SECONDS, DEFAULT_LAST_USED_FLUSH_SECONDS), 1, 60),
                Math.max(1, config.getInt(MAX_FAILURES_PER_ADDRESS, SourceAddressThrottle.DEFAULT_MAX_FAILURES)),
                Math.max(1, config.getInt(FAILURE_WINDOW_SECONDS, SourceAddressThrottle.DEFAULT_WINDOW_SECONDS)),
                Math.max(1, config.getInt(KNOWN_HASHES_REFRESH_SECONDS, DEFAULT_KNOWN_HASHES_REFRESH_SECONDS)));
    }

    RateLimit failuresPerAddress() {
        return new RateLimit(maxFailuresPerAddress, failureWindowSeconds);
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(CACHE_SIZE).type("int")
                .helpText("Verified keys kept in memory per node").defaultValue(DEFAULT_CACHE_SIZE).add()
                .property().name(NEGATIVE_CACHE_SIZE).type("int")
                .helpText("Unknown well-formed keys remembered per node").defaultValue(DEFAULT_NEGATIVE_CACHE_SIZE).add()
                .property().name(LAST_USED_FLUSH_SECONDS).type("int")
                .helpText("Seconds between writes of last-used data and usage counts").defaultValue(DEFAULT_LAST_USED_FLUSH_SECONDS).add()
                .property().name(MAX_FAILURES_PER_ADDRESS).type("int")
                .helpText("Failed API key uses from one address, per window, before its further attempts are refused")
                .defaultValue(SourceAddressThrottle.DEFAULT_MAX_FAILURES).add()
                .property().name(FAILURE_WINDOW_SECONDS).type("int")
                .helpText("Length in seconds of the window in which failed API key uses are counted")
                .defaultValue(SourceAddressThrottle.DEFAULT_WINDOW_SECONDS).add()
                .property().name(KNOWN_HASHES_REFRESH_SECONDS).type("int")
                .helpText("Seconds between reads of the API keys created meanwhile (heals a missed cluster message)")
                .defaultValue(DEFAULT_KNOWN_HASHES_REFRESH_SECONDS).add()
                .build();
    }

    /** For Server Info. */
    Map<String, String> asInfo() {
        return Map.of(
                "cacheSize", String.valueOf(cacheSize),
                "negativeCacheSize", String.valueOf(negativeCacheSize),
                "lastUsedFlushSeconds", String.valueOf(lastUsedFlushSeconds),
                "maxFailuresPerAddress", String.valueOf(maxFailuresPerAddress),
                "failureWindowSeconds", String.valueOf(failureWindowSeconds),
                "knownHashesRefreshSeconds", String.valueOf(knownHashesRefreshSeconds));
    }
}
