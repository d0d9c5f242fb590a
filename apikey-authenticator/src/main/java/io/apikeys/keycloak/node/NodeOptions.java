package io.apikeys.keycloak.node;

import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/**
 * The node services' options, for example {@code --spi-api-key-node--default--max-failures-per-address=50}. Earlier
 * builds had them as options of the store ({@code --spi-api-key-store--jpa--...}); those names are still read, with a
 * warning, when the new ones are not set.
 */
record NodeOptions(int lastUsedFlushSeconds, int maxFailuresPerAddress, int failureWindowSeconds) {

    static final String LAST_USED_FLUSH_SECONDS = "lastUsedFlushSeconds";
    static final String MAX_FAILURES_PER_ADDRESS = "maxFailuresPerAddress";
    static final String FAILURE_WINDOW_SECONDS = "failureWindowSeconds";
    static final int DEFAULT_LAST_USED_FLUSH_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(NodeOptions.class);

    static NodeOptions from(Config.Scope config, Config.Scope formerScope) {
        return new NodeOptions(
                Math.clamp(get(config, formerScope, LAST_USED_FLUSH_SECONDS, DEFAULT_LAST_USED_FLUSH_SECONDS), 1, 60),
                Math.max(1, get(config, formerScope, MAX_FAILURES_PER_ADDRESS, SourceAddressThrottle.DEFAULT_MAX_FAILURES)),
                Math.max(1, get(config, formerScope, FAILURE_WINDOW_SECONDS, SourceAddressThrottle.DEFAULT_WINDOW_SECONDS)));
    }

    private static int get(Config.Scope config, Config.Scope formerScope, String name, int defaultValue) {
        Integer value = config.getInt(name);
        if (value == null && formerScope != null && formerScope.getInt(name) != null) {
            LOG.warnf("The option %s of the api-key-store SPI has moved to the api-key-node SPI; please rename it", name);
            value = formerScope.getInt(name);
        }
        return value == null ? defaultValue : value;
    }

    RateLimit failuresPerAddress() {
        return new RateLimit(maxFailuresPerAddress, failureWindowSeconds);
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(LAST_USED_FLUSH_SECONDS).type("int")
                .helpText("Seconds between writes of last-used data and usage counts").defaultValue(DEFAULT_LAST_USED_FLUSH_SECONDS).add()
                .property().name(MAX_FAILURES_PER_ADDRESS).type("int")
                .helpText("Failed API key uses from one address, per window, before its further attempts are refused")
                .defaultValue(SourceAddressThrottle.DEFAULT_MAX_FAILURES).add()
                .property().name(FAILURE_WINDOW_SECONDS).type("int")
                .helpText("Length in seconds of the window in which failed API key uses are counted")
                .defaultValue(SourceAddressThrottle.DEFAULT_WINDOW_SECONDS).add()
                .build();
    }

    /** For Server Info. */
    Map<String, String> asInfo() {
        return Map.of(
                "lastUsedFlushSeconds", String.valueOf(lastUsedFlushSeconds),
                "maxFailuresPerAddress", String.valueOf(maxFailuresPerAddress),
                "failureWindowSeconds", String.valueOf(failureWindowSeconds));
    }
}
