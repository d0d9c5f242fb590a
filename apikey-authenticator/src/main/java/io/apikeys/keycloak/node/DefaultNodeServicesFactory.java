package io.apikeys.keycloak.node;

import io.apikeys.keycloak.NodeTimer;
import io.apikeys.keycloak.ProviderVersion;
import io.apikeys.keycloak.limit.ClusterAllowances;
import io.apikeys.keycloak.limit.FixedWindowCounters;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.ApiKeyStoreSpi;
import io.apikeys.keycloak.store.KeyChange;
import io.apikeys.keycloak.usage.UsageMeter;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
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
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owns what this node counts and serves for key uses, for as long as the server runs: the cluster-wide rate limits
 * and quotas, the address throttle, the write-behind of last uses and usage, the metrics and the phantom tokens.
 * Periodic work goes through Keycloak's {@link TimerProvider}: the write-behind every {@code lastUsedFlushSeconds}
 * on every node, the usage prune hourly and once per cluster ({@link ClusterProvider#executeIfNotExecuted}); a flush
 * asked for early (the memory bound is near) through Keycloak's {@link ExecutorsProvider}. At shutdown the last
 * flush waits for one that is writing a chunk, never interrupting it.
 */
public final class DefaultNodeServicesFactory implements ApiKeyNodeServicesFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";
    private static final Logger LOG = Logger.getLogger(DefaultNodeServicesFactory.class);
    private static final String FLUSH_TASK = "api-key-write-behind";
    private static final String PRUNE_TASK = "api-key-usage-prune";
    private static final long PRUNE_HOURS = 1;

    private NodeOptions options;
    private ClusterAllowances allowances;
    private CountingPath countingPath;
    private SourceAddressThrottle throttle;
    private LastUsedRecorder lastUsed;
    private UsageWriter usage;
    private ApiKeyMetrics metrics;
    private final PhantomTokens phantomTokens = new PhantomTokens(PhantomTokens.DEFAULT_MAX_ENTRIES, Time::currentTime);
    private final FixedWindowCounters leakReports = new FixedWindowCounters();
    /** Held by a flush while it writes: the shutdown flush waits for a running one instead of interrupting it. */
    private final ReentrantLock flushing = new ReentrantLock();
    private volatile boolean closed;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public ApiKeyNodeServices create(KeycloakSession session) {
        return new DefaultNodeServices(session, allowances, throttle, lastUsed, usage, metrics, phantomTokens,
                this::pruneSoon, leakReports);
    }

    @Override
    public void init(Config.Scope config) {
        options = NodeOptions.from(config, Config.scope(ApiKeyStoreSpi.NAME, "jpa"));
        throttle = new SourceAddressThrottle(options.failuresPerAddress());
        lastUsed = new LastUsedRecorder(() -> inBackground(this::flush));
        usage = new UsageWriter(new UsageMeter(() -> inBackground(this::flush)));
        metrics = new ApiKeyMetrics(Metrics.globalRegistry);
        metrics.gauge(ApiKeyMetrics.PENDING, "Keys whose last use waits to be written", lastUsed::pendingCount,
                "kind", "last_used");
        metrics.gauge(ApiKeyMetrics.PENDING, "Key-hours whose usage waits to be written",
                () -> usage.meter().pendingCount(), "kind", "usage");
        metrics.functionCounter(ApiKeyMetrics.USAGE_DROPPED, "API key uses not counted (memory bound reached)",
                usage.meter(), UsageMeter::droppedCount);
        metrics.gauge(ApiKeyMetrics.PHANTOM_TOKENS, "JWTs kept for the check endpoint", phantomTokens::size);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        countingPath = new CountingPath(new InfinispanSharedCounts(factory), new DatabaseSharedCounts(factory));
        allowances = new ClusterAllowances(countingPath, new StoredUsageHistory(factory));
        for (String path : List.of(CountingPath.CLUSTER, CountingPath.DATABASE)) {
            metrics.gauge(ApiKeyMetrics.COUNTING_PATH, "Where this node counts rate limits and quotas (1: here)",
                    () -> path.equals(countingPath.name()) ? 1 : 0, "path", path);
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                inBackground(() -> KeycloakModelUtils.runJobInTransaction(factory, usage::prune));
            }
        });
        long flushMillis = TimeUnit.SECONDS.toMillis(options.lastUsedFlushSeconds());
        long pruneMillis = TimeUnit.HOURS.toMillis(PRUNE_HOURS);
        NodeTimer.every(factory, flushMillis, FLUSH_TASK, this::flush);
        NodeTimer.every(factory, pruneMillis, PRUNE_TASK,
                () -> KeycloakModelUtils.runJobInTransaction(factory, this::pruneOncePerCluster));
    }

    /** Writes the pending last uses and usage of this node; one flush at a time. */
    private void flush() {
        flushing.lock();
        try {
            if (closed) {
                return;
            }
            writePending();
        } finally {
            flushing.unlock();
        }
    }

    private void writePending() {
        if (lastUsed.pendingCount() > 0) {
            metrics.timeFlush("last_used", () -> lastUsed.flush(sessionFactory));
        }
        if (usage.meter().pendingCount() > 0) {
            metrics.timeFlush("usage", () -> usage.flush(sessionFactory));
        }
    }

    /**
     * The prune of usage, of the keys' changeset and of the database's window counts deletes the same rows whichever
     * node runs it: Keycloak's cluster-wide task lock lets one node do it.
     */
    private void pruneOncePerCluster(KeycloakSession session) {
        session.getProvider(ClusterProvider.class).executeIfNotExecuted(PRUNE_TASK,
                (int) TimeUnit.HOURS.toSeconds(PRUNE_HOURS) - 60, () -> {
                    usage.prune(session);
                    ApiKeyStore store = session.getProvider(ApiKeyStore.class);
                    long now = Time.currentTimeMillis();
                    store.pruneChanges(now - KeyChange.KEPT_MILLIS);
                    store.usage().pruneWindowCounts(now - TimeUnit.DAYS.toMillis(1));
                    return null;
                });
    }

    private void pruneSoon(String realmId) {
        inBackground(() -> usage.prune(sessionFactory, realmId));
    }

    private void inBackground(Runnable task) {
        // When stopping, close() writes what is pending.
        if (!closed) {
            NodeTimer.soon(sessionFactory, FLUSH_TASK, task);
        }
    }

    @Override
    public void close() {
        flushing.lock();
        try {
            closed = true;
            if (sessionFactory != null) {
                writePending();
                if (lastUsed.pendingCount() > 0 || usage.meter().pendingCount() > 0) {
                    LOG.warnf("Could not record the last use of %d API keys and the usage of %d key hours at shutdown",
                            lastUsed.pendingCount(), usage.meter().pendingCount());
                }
            }
        } finally {
            flushing.unlock();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Closed before the database, the timer and the executors, so the final flush can still write. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class, ExecutorsProvider.class, ApiKeyStore.class);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return NodeOptions.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new TreeMap<>(options.asInfo());
        info.put("version", ProviderVersion.get());
        info.put("pendingLastUsed", String.valueOf(lastUsed.pendingCount()));
        info.put("pendingUsageHours", String.valueOf(usage.meter().pendingCount()));
        info.put("droppedUsageCounts", String.valueOf(usage.meter().droppedCount()));
        info.put("throttledAddressCounters", String.valueOf(throttle.size()));
        info.put("rateLimitCounters", String.valueOf(allowances == null ? 0 : allowances.size()));
        info.put("allowanceCounting", countingPath == null ? "" : countingPath.name());
        info.put("phantomTokens", String.valueOf(phantomTokens.size()));
        return info;
    }
}
