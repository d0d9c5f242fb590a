package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.ClusterAllowances;
import io.apikeys.keycloak.limit.FixedWindowCounters;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.usage.UsageMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** The node services on in-memory parts, for unit tests of their callers; nothing is ever flushed. */
public final class TestNodeServices {

    private final LastUsedRecorder lastUsed = new LastUsedRecorder(() -> { });
    private final UsageMeter meter = new UsageMeter(() -> { });

    public ApiKeyNodeServices create(KeycloakSession session, ClusterAllowances allowances,
                                     SourceAddressThrottle throttle, MeterRegistry registry) {
        return new DefaultNodeServices(session, allowances, throttle, lastUsed, new UsageWriter(meter),
                new ApiKeyMetrics(registry), new PhantomTokens(10, () -> 0), realmId -> { },
                new FixedWindowCounters());
    }

    public UsageMeter meter() {
        return meter;
    }

    /** The last uses waiting to be written, as {@code keyId@address}. */
    public List<String> lastUses() {
        return lastUsed.pendingIds().stream().sorted()
                .map(keyId -> keyId + "@" + lastUsed.pendingUse(keyId).ip()).toList();
    }
}
