package io.apikeys.keycloak.store;

import io.apikeys.keycloak.ProviderVersion;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Creates the JPA key store and owns what lives as long as the server: the lookup cache, the last-used
 * write-behind, and the listeners that delete keys with their client or realm.
 */
public final class JpaApiKeyStoreFactory implements ApiKeyStoreFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jpa";
    private static final Logger LOG = Logger.getLogger(JpaApiKeyStoreFactory.class);

    private StoreOptions options;
    private ApiKeyLookupCache cache;
    private ApiKeyCacheCoordinator coordinator;
    private final LastUsedRecorder lastUsed = new LastUsedRecorder();
    private ScheduledExecutorService flusher;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public ApiKeyStore create(KeycloakSession session) {
        coordinator.listen(session);
        return new JpaApiKeyStore(session, cache, lastUsed, coordinator);
    }

    @Override
    public void init(Config.Scope config) {
        options = StoreOptions.from(config);
        cache = new ApiKeyLookupCache(options.cacheSize(), options.negativeCacheSize());
        coordinator = new ApiKeyCacheCoordinator(cache);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        factory.register(event -> {
            if (event instanceof ClientModel.ClientRemovedEvent removed) {
                KeycloakSession session = removed.getKeycloakSession();
                RealmModel realm = removed.getClient().getRealm();
                store(session).deleteClientKeys(realm, removed.getClient().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                store(removed.getKeycloakSession()).deleteRealmKeys(removed.getRealm().getId());
            }
        });
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "api-key-last-used-flush");
            thread.setDaemon(true);
            return thread;
        });
        long interval = options.lastUsedFlushSeconds();
        flusher.scheduleWithFixedDelay(() -> lastUsed.flush(factory), interval, interval, TimeUnit.SECONDS);
    }

    private JpaApiKeyStore store(KeycloakSession session) {
        return (JpaApiKeyStore) create(session);
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            try {
                lastUsed.flush(sessionFactory);
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the last use of %d API keys at shutdown: %s", lastUsed.pendingCount(), e);
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(StoreOptions.CACHE_SIZE).type("int")
                .helpText("Verified keys kept in memory per node").defaultValue(StoreOptions.DEFAULT_CACHE_SIZE).add()
                .property().name(StoreOptions.NEGATIVE_CACHE_SIZE).type("int")
                .helpText("Unknown well-formed keys remembered per node").defaultValue(StoreOptions.DEFAULT_NEGATIVE_CACHE_SIZE).add()
                .property().name(StoreOptions.LAST_USED_FLUSH_SECONDS).type("int")
                .helpText("Seconds between writes of last-used data").defaultValue(StoreOptions.DEFAULT_LAST_USED_FLUSH_SECONDS).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(
                "version", ProviderVersion.get(),
                "cachedKeys", String.valueOf(cache.size()),
                "cacheSize", String.valueOf(options.cacheSize()),
                "cachedUnknownKeys", String.valueOf(cache.missingSize()),
                "pendingLastUsed", String.valueOf(lastUsed.pendingCount()),
                "lastUsedFlushSeconds", String.valueOf(options.lastUsedFlushSeconds()));
    }
}
