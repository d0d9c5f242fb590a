package io.apikeys.keycloak.lifecycle;

import io.apikeys.keycloak.InternalSpi;
import io.apikeys.keycloak.NodeTimer;
import io.apikeys.keycloak.ProviderVersion;
import io.apikeys.keycloak.SimpleProviderFactory;
import io.apikeys.keycloak.store.ApiKeyStore;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.timer.TimerProvider;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The {@code api-key-lifecycle} SPI, provider {@code default}: what happens to keys with nobody watching. It runs
 * two periodic jobs on Keycloak's timer, each once per cluster at a time ({@link ClusterProvider#executeIfNotExecuted};
 * on nodes that share only the database, the claims in the key rows keep each action to one node): the expiry
 * notices every {@code expiry-check-seconds} (default hourly) and the disabling of unused keys every
 * {@code unused-check-seconds} (default daily). Its sessions' {@link KeyNotices} send the e-mails.
 */
public final class KeyNoticesFactory implements SimpleProviderFactory<KeyNotices> {

    public static final String PROVIDER_ID = "default";
    static final String EXPIRY_CHECK_SECONDS = "expiryCheckSeconds";
    static final String UNUSED_CHECK_SECONDS = "unusedCheckSeconds";
    static final int DEFAULT_EXPIRY_CHECK_SECONDS = 3600;
    static final int DEFAULT_UNUSED_CHECK_SECONDS = 86_400;
    private static final String EXPIRY_TASK = "api-key-expiry-notices";
    private static final String UNUSED_TASK = "api-key-unused-keys";

    /** Registers the SPI. */
    public static final class Spi extends InternalSpi {
        public static final String NAME = "api-key-lifecycle";

        public Spi() {
            super(NAME, KeyNotices.class, KeyNoticesFactory.class);
        }
    }

    private int expiryCheckSeconds;
    private int unusedCheckSeconds;
    private KeycloakSessionFactory factory;

    @Override
    public KeyNotices create(KeycloakSession session) {
        return new KeyNotices(session, factory);
    }

    @Override
    public void init(Config.Scope config) {
        expiryCheckSeconds = Math.max(1, config.getInt(EXPIRY_CHECK_SECONDS, DEFAULT_EXPIRY_CHECK_SECONDS));
        unusedCheckSeconds = Math.max(1, config.getInt(UNUSED_CHECK_SECONDS, DEFAULT_UNUSED_CHECK_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
        NodeTimer.every(factory, TimeUnit.SECONDS.toMillis(expiryCheckSeconds), EXPIRY_TASK,
                () -> KeycloakModelUtils.runJobInTransaction(factory, session -> oncePerCluster(session, EXPIRY_TASK,
                        expiryCheckSeconds, () -> new ExpiryNotices(session).run(Time.currentTimeMillis()))));
        NodeTimer.every(factory, TimeUnit.SECONDS.toMillis(unusedCheckSeconds), UNUSED_TASK,
                () -> KeycloakModelUtils.runJobInTransaction(factory, session -> oncePerCluster(session, UNUSED_TASK,
                        unusedCheckSeconds, () -> new UnusedKeys(factory).run(Time.currentTimeMillis()))));
    }

    /** While one node runs the job, the others skip it (the lock lasts at most one interval). */
    private static void oncePerCluster(KeycloakSession session, String task, int intervalSeconds, IntSupplier job) {
        session.getProvider(ClusterProvider.class).executeIfNotExecuted(task, intervalSeconds, job::getAsInt);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(ApiKeyStore.class, TimerProvider.class);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(EXPIRY_CHECK_SECONDS).type("int")
                .helpText("Seconds between the checks for keys that reached an expiry-notice threshold")
                .defaultValue(DEFAULT_EXPIRY_CHECK_SECONDS).add()
                .property().name(UNUSED_CHECK_SECONDS).type("int")
                .helpText("Seconds between the checks for keys unused for their realm's disableUnusedAfterDays")
                .defaultValue(DEFAULT_UNUSED_CHECK_SECONDS).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ProviderVersion.get(),
                EXPIRY_CHECK_SECONDS, String.valueOf(expiryCheckSeconds),
                UNUSED_CHECK_SECONDS, String.valueOf(unusedCheckSeconds));
    }
}
