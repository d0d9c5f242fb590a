package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Reads the hashes of all stored keys into this node's known hashes: at startup, after "Clear realm cache", and
 * every {@value #RELOAD_MINUTES} minutes, so that a node which missed a cluster message about a new key does not
 * refuse that key for long. Listens to the cluster before reading, so no key created meanwhile is missed.
 */
final class KnownHashesReader {

    static final long RELOAD_MINUTES = 10;
    private static final Logger LOG = Logger.getLogger(KnownHashesReader.class);

    private final ApiKeyLookupCache cache;
    private final ApiKeyCacheCoordinator coordinator;

    KnownHashesReader(ApiKeyLookupCache cache, ApiKeyCacheCoordinator coordinator) {
        this.cache = cache;
        this.coordinator = coordinator;
    }

    void read(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                coordinator.listen(session);
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                cache.loadKnownHashes(em.createNamedQuery("ApiKey.allHashes", String.class).getResultStream()
                        .map(ApiKeyHash::new).toList());
            });
            LOG.debugf("%d API key hashes known on this node", cache.knownHashesSize());
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the stored API key hashes, trying again in %d minutes: %s", RELOAD_MINUTES,
                    e.toString());
        }
    }
}
