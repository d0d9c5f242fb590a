package io.apikeys.keycloak.store.jpa;

import org.keycloak.Config;

/**
 * The store's SPI options, read in one place. Set them like any Keycloak SPI option, for example
 * {@code --spi-api-key-store--jpa--cache-size=50000}.
 */
public record StoreOptions(int cacheSize, int negativeCacheSize, int lastUsedFlushSeconds) {

    static final String CACHE_SIZE = "cacheSize";
    static final String NEGATIVE_CACHE_SIZE = "negativeCacheSize";
    static final String LAST_USED_FLUSH_SECONDS = "lastUsedFlushSeconds";
    static final int DEFAULT_CACHE_SIZE = 100_000;
    static final int DEFAULT_NEGATIVE_CACHE_SIZE = 10_000;
    static final int DEFAULT_LAST_USED_FLUSH_SECONDS = 60;

    static StoreOptions from(Config.Scope config) {
        return new StoreOptions(
                Math.max(1, config.getInt(CACHE_SIZE, DEFAULT_CACHE_SIZE)),
                Math.max(1, config.getInt(NEGATIVE_CACHE_SIZE, DEFAULT_NEGATIVE_CACHE_SIZE)),
                Math.clamp(config.getInt(LAST_USED_FLUSH_SECONDS, DEFAULT_LAST_USED_FLUSH_SECONDS), 1, 60));
    }
}
