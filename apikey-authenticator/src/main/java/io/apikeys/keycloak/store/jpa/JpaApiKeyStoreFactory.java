package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.NodeTimer;
import io.apikeys.keycloak.ProviderVersion;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.ApiKeyStoreFactory;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import io.apikeys.keycloak.store.cache.CachingApiKeyStore;
import io.micrometer.core.instrument.Metrics;
import jakarta.persistence.EntityManager;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.timer.TimerProvider;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gives each session the key store: {@link JpaApiKeyStore} on the session's entity manager, behind this node's
 * lookup cache ({@link CachingApiKeyStore}). Owns the cache and what keeps it right: the cluster messages (the fast
 * path), the poll of the keys' changeset every {@link StoreOptions#changePollSeconds} ({@link ChangePoller}, the
 * bound where no message arrives) and the reads of the stored hashes (at startup, after "Clear realm cache", and every
 * {@link StoreOptions#knownHashesRefreshSeconds}), both through Keycloak's timer; deletes keys with their client or
 * realm. Options and sizes show in Server Info.
 */
public final class JpaApiKeyStoreFactory implements ApiKeyStoreFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jpa";
    private static final String REFRESH_TASK = "api-key-known-hashes-refresh";
    private static final String POLL_TASK = "api-key-change-poll";

    private StoreOptions options;
    private ApiKeyLookupCache cache;
    private ApiKeyCacheCoordinator coordinator;
    private KnownHashesReader knownHashes;
    private ChangePoller changes;
    private ApiKeyMetrics metrics;
    private KeycloakSessionFactory sessionFactory;
    private final AtomicReference<UsageUpsert.Dialect> dialect = new AtomicReference<>();

    @Override
    public ApiKeyStore create(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        JpaApiKeyStore rows = new JpaApiKeyStore(session, em, new JpaUsageStore(em, () -> dialect(em)));
        return new CachingApiKeyStore(session, rows, cache, coordinator);
    }

    /** The database's upsert dialect, asked of the JDBC driver once per node. */
    private UsageUpsert.Dialect dialect(EntityManager em) {
        return dialect.updateAndGet(known -> known != null ? known : UsageUpsert.dialect(em));
    }

    @Override
    public void init(Config.Scope config) {
        options = StoreOptions.from(config);
        cache = new ApiKeyLookupCache(options.cacheSize(), options.negativeCacheSize());
        coordinator = new ApiKeyCacheCoordinator(cache, this::reloadAfterRealmCacheClear, options.clusterMessages());
        knownHashes = new KnownHashesReader(cache.knownHashes(), coordinator, Time::currentTimeMillis);
        changes = new ChangePoller(coordinator, this::reloadAfterRealmCacheClear, Time::currentTimeMillis);
        metrics = new ApiKeyMetrics(Metrics.globalRegistry);
        metrics.gauge(ApiKeyMetrics.CACHE_ENTRIES, "Verified API keys in memory", cache::size, "cache", "keys");
        metrics.gauge(ApiKeyMetrics.CACHE_ENTRIES, "Unknown API keys remembered", cache::missingSize, "cache", "unknown");
        metrics.functionCounter(ApiKeyMetrics.CACHE_LOOKUPS, "API key lookups", cache, ApiKeyLookupCache::hits,
                "result", "hit");
        metrics.functionCounter(ApiKeyMetrics.CACHE_LOOKUPS, "API key lookups", cache, ApiKeyLookupCache::misses,
                "result", "miss");
        metrics.gauge(ApiKeyMetrics.KNOWN_HASHES, "Hashes of stored API keys known to this node",
                () -> cache.knownHashes().size());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        factory.register(new KeyRemovalListener());
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                knownHashes.readAll(factory);
            }
        });
        long refresh = TimeUnit.SECONDS.toMillis(options.knownHashesRefreshSeconds());
        long poll = TimeUnit.SECONDS.toMillis(options.changePollSeconds());
        NodeTimer.every(factory, refresh, REFRESH_TASK, () -> knownHashes.refresh(factory));
        NodeTimer.every(factory, poll, POLL_TASK, () -> changes.poll(factory));
    }

    /**
     * Keycloak's "Clear realm cache" is what admins do after changing the database behind Keycloak's back (a
     * restore, a bulk load): every node then forgets its keys and reads the stored hashes again in full (until that
     * read is complete, the hashes known so far keep refusing unknown keys).
     */
    private void reloadAfterRealmCacheClear() {
        cache.clear();
        NodeTimer.soon(sessionFactory, REFRESH_TASK, () -> knownHashes.readAll(sessionFactory));
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class, ExecutorsProvider.class);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return StoreOptions.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new TreeMap<>(options.asInfo());
        info.put("version", ProviderVersion.get());
        info.put("cachedKeys", String.valueOf(cache.size()));
        info.put("cachedUnknownKeys", String.valueOf(cache.missingSize()));
        info.putAll(knownHashes.info());
        info.put("changePoll", changes.info());
        return info;
    }
}
