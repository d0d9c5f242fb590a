package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.SharedCounts;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where this node counts rate limits and quotas: in the cluster's replicated {@code work} cache when every node that
 * can see a key shares it (one Infinispan cluster), else in the database, the one thing every Keycloak topology
 * shares: with {@code --cache=local} (nodes behind one load balancer share nothing else), with multi-site or the
 * clusterless mode (the {@code work} cache is not the nodes' own). Decided at the first use; a node that is cut off
 * from its cluster also counts in the database until the cluster answers again.
 */
final class CountingPath implements SharedCounts {

    static final String CLUSTER = "cluster";
    static final String DATABASE = "database";
    private static final Logger LOG = Logger.getLogger(CountingPath.class);

    private final InfinispanSharedCounts cluster;
    private final DatabaseSharedCounts database;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile Boolean useCluster;

    CountingPath(InfinispanSharedCounts cluster, DatabaseSharedCounts database) {
        this.cluster = cluster;
        this.database = database;
    }

    /** {@value #CLUSTER} or {@value #DATABASE}, for Server Info and the metric. */
    String name() {
        return useCluster() ? CLUSTER : DATABASE;
    }

    @Override
    public Optional<Taken> take(Window window, int requests, int wanted, OptionalInt usedBefore, long nowMillis) {
        if (useCluster()) {
            try {
                return cluster.take(window, requests, wanted, usedBefore, nowMillis);
            } catch (RuntimeException cutOff) {
                warnOnce(cutOff);
            }
        }
        return database.take(window, requests, wanted, usedBefore, nowMillis);
    }

    @Override
    public OptionalInt peek(Window window) {
        if (useCluster()) {
            try {
                return cluster.peek(window);
            } catch (RuntimeException cutOff) {
                warnOnce(cutOff);
            }
        }
        return database.peek(window);
    }

    @Override
    public int batchSize(int requests) {
        return useCluster() ? cluster.batchSize(requests) : database.batchSize(requests);
    }

    private boolean useCluster() {
        Boolean decided = useCluster;
        if (decided == null) {
            boolean sharedCache = !Profile.isFeatureEnabled(Profile.Feature.MULTI_SITE)
                    && !Profile.isFeatureEnabled(Profile.Feature.CLUSTERLESS);
            decided = sharedCache && cluster.isClustered();
            useCluster = decided;
            LOG.infof("API key rate limits and quotas are counted in the %s", decided ? "cluster" : "database");
        }
        return decided;
    }

    private void warnOnce(RuntimeException cause) {
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("Cluster-wide rate limit and quota counts unreachable (%s): counting in the database until they"
                    + " are reachable again", cause.toString());
        }
    }
}
