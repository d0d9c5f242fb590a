package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.store.KeyChange;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** Applies cache invalidations on this node and sends them to the others. */
public final class ApiKeyCacheCoordinator {

    static final String TASK_KEY = "api-key-cache-invalidation";
    private static final Logger LOG = Logger.getLogger(ApiKeyCacheCoordinator.class);

    /** Keycloak's "Clear realm cache" (admin console: Realm settings, Action), sent to every node including this one. */
    static final String REALM_CLEAR_CACHE_TASK_KEY = "REALM_CLEAR_CACHE_EVENTS";

    private final ApiKeyLookupCache cache;
    private final Runnable onRealmCacheCleared;
    private final boolean send;
    private volatile boolean listening;

    /**
     * @param onRealmCacheCleared what to do when an admin clears Keycloak's realm cache: forget and re-read keys
     * @param send                whether to tell the other nodes (off: they learn from the change poll alone)
     */
    public ApiKeyCacheCoordinator(ApiKeyLookupCache cache, Runnable onRealmCacheCleared, boolean send) {
        this.cache = cache;
        this.onRealmCacheCleared = onRealmCacheCleared;
        this.send = send;
    }

    /**
     * Subscribes to invalidations from other nodes and to Keycloak's "Clear realm cache"; done at startup and on
     * first use, once the cluster provider is up.
     */
    public void listen(KeycloakSession session) {
        if (listening) {
            return;
        }
        synchronized (this) {
            if (!listening) {
                ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                if (cluster != null) {
                    cluster.registerListener(TASK_KEY, event -> {
                        if (event instanceof ApiKeyCacheInvalidationEvent invalidation) {
                            invalidation.applyTo(cache);
                        }
                    });
                    cluster.registerListener(REALM_CLEAR_CACHE_TASK_KEY, event -> onRealmCacheCleared.run());
                }
                listening = true;
            }
        }
    }

    /**
     * Applies an invalidation on every node once the transaction has committed (earlier, a concurrent lookup could
     * reload the old row and cache it again).
     */
    public void afterCommit(KeycloakSession session, ApiKeyCacheInvalidationEvent event) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                publish(session, event);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /**
     * Announces a new key on every node now, before its transaction commits, and again after the commit: the key
     * is only handed out after the commit, by which time every node knows its hash and no node can refuse it as
     * unknown. (Knowing a hash whose key then rolls back costs one database query at most.)
     */
    public void keyCreated(KeycloakSession session, ApiKeyCacheInvalidationEvent created) {
        publish(session, created);
        afterCommit(session, created);
    }

    /**
     * Applies a change read from the database's changeset on this node only (every node reads it for itself). A
     * key already held at the changed version or later is kept: the cluster message came first and the key was read
     * again since.
     */
    public void applyLocally(KeyChange change) {
        if (change.hash() == null) {
            cache.evictRealm(change.realmId());
        } else if (change.created()) {
            cache.keysCreated(change.realmId(), List.of(change.hash()));
        } else {
            cache.evictUnlessAt(change.hash(), change.version());
        }
    }

    private void publish(KeycloakSession session, ApiKeyCacheInvalidationEvent event) {
        event.applyTo(cache);
        ClusterProvider cluster = send ? session.getProvider(ClusterProvider.class) : null;
        if (cluster != null) {
            cluster.notify(TASK_KEY, event, true);
        } else {
            LOG.debug("No cluster provider: API key cache invalidation stays on this node");
        }
    }
}
