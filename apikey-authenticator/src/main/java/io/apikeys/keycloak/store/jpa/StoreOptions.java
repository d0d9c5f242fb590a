package io.apikeys.keycloak.store.jpa;

import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/**
 * The store's per-node options: the sizes of its memory and how often it reads the keys created meanwhile. Set them
 * like any Keycloak SPI option, for example {@code --spi-api-key-store--jpa--cache-size=50000}.
 *
 * @param knownHashesRefreshSeconds seconds between reads of the hashes of the keys created meanwhile (a safety net
 *                                  under the change poll)
 * @param changePollSeconds         seconds between reads of the keys' changeset: a node that missed a cluster
 *                                  message, or has no cluster, learns of a change within this interval
 * @param clusterMessages           whether this node sends cluster messages of key changes (off: the others learn
 *                                  of its changes from the change poll alone, as if every message were lost)
 */
record StoreOptions(int cacheSize, int negativeCacheSize, int knownHashesRefreshSeconds, int changePollSeconds,
                    boolean clusterMessages) {

    static final String CACHE_SIZE = "cacheSize";
    static final String NEGATIVE_CACHE_SIZE = "negativeCacheSize";
    static final String KNOWN_HASHES_REFRESH_SECONDS = "knownHashesRefreshSeconds";
    static final String CHANGE_POLL_SECONDS = "changePollSeconds";
    static final String CLUSTER_MESSAGES = "clusterMessages";
    static final int DEFAULT_CACHE_SIZE = 100_000;
    static final int DEFAULT_NEGATIVE_CACHE_SIZE = 10_000;
    static final int DEFAULT_KNOWN_HASHES_REFRESH_SECONDS = 600;
    static final int DEFAULT_CHANGE_POLL_SECONDS = 5;

    static StoreOptions from(Config.Scope config) {
        return new StoreOptions(
                Math.max(1, config.getInt(CACHE_SIZE, DEFAULT_CACHE_SIZE)),
                Math.max(1, config.getInt(NEGATIVE_CACHE_SIZE, DEFAULT_NEGATIVE_CACHE_SIZE)),
                Math.max(1, config.getInt(KNOWN_HASHES_REFRESH_SECONDS, DEFAULT_KNOWN_HASHES_REFRESH_SECONDS)),
                Math.clamp(config.getInt(CHANGE_POLL_SECONDS, DEFAULT_CHANGE_POLL_SECONDS), 1, 60),
                config.getBoolean(CLUSTER_MESSAGES, true));
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(CACHE_SIZE).type("int")
                .helpText("Verified keys kept in memory per node").defaultValue(DEFAULT_CACHE_SIZE).add()
                .property().name(NEGATIVE_CACHE_SIZE).type("int")
                .helpText("Unknown well-formed keys remembered per node").defaultValue(DEFAULT_NEGATIVE_CACHE_SIZE).add()
                .property().name(KNOWN_HASHES_REFRESH_SECONDS).type("int")
                .helpText("Seconds between reads of the API keys created meanwhile (heals a missed cluster message)")
                .defaultValue(DEFAULT_KNOWN_HASHES_REFRESH_SECONDS).add()
                .property().name(CHANGE_POLL_SECONDS).type("int")
                .helpText("Seconds between reads of the API keys changed meanwhile (1 to 60): the longest a revocation"
                        + " takes to reach a node that missed its cluster message or shares only the database")
                .defaultValue(DEFAULT_CHANGE_POLL_SECONDS).add()
                .property().name(CLUSTER_MESSAGES).type("boolean")
                .helpText("Whether this node tells the others of key changes by cluster message (the fast path); "
                        + "without, they learn of them from the change poll only")
                .defaultValue(true).add()
                .build();
    }

    /** For Server Info. */
    Map<String, String> asInfo() {
        return Map.of(
                "cacheSize", String.valueOf(cacheSize),
                "negativeCacheSize", String.valueOf(negativeCacheSize),
                "knownHashesRefreshSeconds", String.valueOf(knownHashesRefreshSeconds),
                "changePollSeconds", String.valueOf(changePollSeconds),
                "clusterMessages", String.valueOf(clusterMessages));
    }
}
