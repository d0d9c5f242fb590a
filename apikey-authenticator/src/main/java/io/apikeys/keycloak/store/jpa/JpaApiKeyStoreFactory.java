package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.ProviderVersion;
import io.apikeys.keycloak.limit.KeyUseLimits;
import io.apikeys.keycloak.limit.ClusterLimiter;
import io.apikeys.keycloak.store.cache.InfinispanSharedCounts;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.ApiKeyStoreFactory;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import io.apikeys.keycloak.usage.UsageMeter;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Creates the JPA key store and owns what lives as long as the server on this node: the lookup cache, the last-used
 * write-behind, the rate-limit and throttle counters, and the listeners that delete keys with their client or realm.
 * Its options ({@link NodeOptions}) and the state's sizes show in Server Info.
 */
public final class JpaApiKeyStoreFactory implements ApiKeyStoreFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jpa";
    private static final Logger LOG = Logger.getLogger(JpaApiKeyStoreFactory.class);
    private static final long USAGE_PRUNE_HOURS = 1;
    private static final String USAGE_PRUNE_TASK = "api-key-usage-prune";

    private NodeOptions options;
    private KeyUseLimits limits;
    private ApiKeyLookupCache cache;
    private ApiKeyCacheCoordinator coordinator;
    private ScheduledExecutorService flusher;
    private LastUsedRecorder lastUsed;
    private UsageWriter usage;
    private ApiKeyMetrics metrics;
    private KnownHashesReader knownHashes;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public ApiKeyStore create(KeycloakSession session) {
        coordinator.listen(session);
        return new JpaApiKeyStore(session, cache, lastUsed, coordinator, limits, usage.meter(), this::pruneUsageSoon,
                metrics);
    }

    @Override
    public void init(Config.Scope config) {
        options = NodeOptions.from(config);
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "api-key-store-background");
            thread.setDaemon(true);
            return thread;
        });
        lastUsed = new LastUsedRecorder(this::flushLastUsedSoon);
        usage = new UsageWriter(new UsageMeter(() -> inBackground(() -> flushUsage(sessionFactory))));
        cache = new ApiKeyLookupCache(options.cacheSize(), options.negativeCacheSize());
        coordinator = new ApiKeyCacheCoordinator(cache, this::reloadAfterRealmCacheClear);
        knownHashes = new KnownHashesReader(cache.knownHashes(), coordinator, Time::currentTimeMillis);
        metrics = new ApiKeyMetrics(Metrics.globalRegistry);
        registerMetrics();
    }

    private void registerMetrics() {
        metrics.gauge(ApiKeyMetrics.CACHE_ENTRIES, "Verified API keys in memory", cache::size, "cache", "keys");
        metrics.gauge(ApiKeyMetrics.CACHE_ENTRIES, "Unknown API keys remembered", cache::missingSize, "cache", "unknown");
        metrics.functionCounter(ApiKeyMetrics.CACHE_LOOKUPS, "API key lookups", cache, ApiKeyLookupCache::hits,
                "result", "hit");
        metrics.functionCounter(ApiKeyMetrics.CACHE_LOOKUPS, "API key lookups", cache, ApiKeyLookupCache::misses,
                "result", "miss");
        metrics.gauge(ApiKeyMetrics.KNOWN_HASHES, "Hashes of stored API keys known to this node",
                () -> cache.knownHashes().size());
        metrics.gauge(ApiKeyMetrics.PENDING, "Keys whose last use waits to be written", lastUsed::pendingCount,
                "kind", "last_used");
        metrics.gauge(ApiKeyMetrics.PENDING, "Key-hours whose usage waits to be written",
                () -> usage.meter().pendingCount(), "kind", "usage");
        metrics.functionCounter(ApiKeyMetrics.USAGE_DROPPED, "API key uses not counted (memory bound reached)",
                usage.meter(), meter -> meter.droppedCount());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        limits = new KeyUseLimits(new ClusterLimiter(new InfinispanSharedCounts(factory), new QuotaHistory(factory)),
                new SourceAddressThrottle(options.failuresPerAddress()));
        factory.register(new KeyRemovalListener(session -> (JpaApiKeyStore) create(session)));
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                knownHashes.readAll(factory);
                inBackground(() -> usage.prune(factory));
            }
        });
        long interval = options.lastUsedFlushSeconds();
        flusher.scheduleWithFixedDelay(() -> flushLastUsed(factory), interval, interval, TimeUnit.SECONDS);
        flusher.scheduleWithFixedDelay(() -> flushUsage(factory), interval, interval, TimeUnit.SECONDS);
        flusher.scheduleWithFixedDelay(() -> pruneUsageOncePerCluster(factory), USAGE_PRUNE_HOURS, USAGE_PRUNE_HOURS,
                TimeUnit.HOURS);
        long refresh = options.knownHashesRefreshSeconds();
        flusher.scheduleWithFixedDelay(() -> knownHashes.refresh(factory), refresh, refresh, TimeUnit.SECONDS);
    }

    private void flushLastUsed(KeycloakSessionFactory factory) {
        if (lastUsed.pendingCount() > 0) {
            metrics.timeFlush("last_used", () -> lastUsed.flush(factory));
        }
    }

    private void flushUsage(KeycloakSessionFactory factory) {
        if (usage.meter().pendingCount() > 0) {
            metrics.timeFlush("usage", () -> usage.flush(factory));
        }
    }

    /**
     * The hourly prune deletes the same rows whichever node runs it: Keycloak's cluster-wide task lock lets one node
     * per hour do it (without a cluster, every node is its own and prunes).
     */
    private void pruneUsageOncePerCluster(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(USAGE_PRUNE_TASK, (int) TimeUnit.HOURS.toSeconds(USAGE_PRUNE_HOURS) - 60, () -> {
                    usage.prune(factory);
                    return null;
                }));
    }

    private void pruneUsageSoon(String realmId) {
        inBackground(() -> usage.prune(sessionFactory, realmId));
    }

    private void flushLastUsedSoon() {
        inBackground(() -> flushLastUsed(sessionFactory));
    }

    /**
     * Keycloak's "Clear realm cache" is what admins do after changing the database behind Keycloak's back (a
     * restore, a bulk load): every node then forgets its keys and reads the stored hashes again in full (until that
     * read is complete, the hashes known so far keep refusing unknown keys).
     */
    private void reloadAfterRealmCacheClear() {
        cache.clear();
        inBackground(() -> knownHashes.readAll(sessionFactory));
    }

    private void inBackground(Runnable task) {
        try {
            flusher.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // close() writes the pending last uses and usage; nothing else needs doing when stopping
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            // No new runs; one under way (a flush writing a chunk) finishes before the final flush below.
            flusher.shutdown();
            awaitBackgroundTask();
            try {
                lastUsed.flush(sessionFactory);
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the last use of %d API keys at shutdown: %s", lastUsed.pendingCount(), e);
            }
            usage.flush(sessionFactory);
            if (usage.meter().pendingCount() > 0) {
                LOG.warnf("Could not record the usage of %d API key hours at shutdown", usage.meter().pendingCount());
            }
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** A flush still running puts back what it could not write; the final flush must come after it. */
    private void awaitBackgroundTask() {
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Keycloak closes this factory before the database connection, so the final last-used flush can still write. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return NodeOptions.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new TreeMap<>(options.asInfo());
        info.put("version", ProviderVersion.get());
        info.put("cachedKeys", String.valueOf(cache.size()));
        info.put("cachedUnknownKeys", String.valueOf(cache.missingSize()));
        info.putAll(knownHashes.info());
        info.put("pendingLastUsed", String.valueOf(lastUsed.pendingCount()));
        info.put("pendingUsageHours", String.valueOf(usage.meter().pendingCount()));
        info.put("droppedUsageCounts", String.valueOf(usage.meter().droppedCount()));
        info.put("throttledAddressCounters", String.valueOf(limits.throttle().size()));
        info.put("rateLimitCounters", String.valueOf(limits.allowances().size()));
        return info;
    }
}
