package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.limit.ClusterLimiter;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Where a quota period's count starts when the cluster holds none (after the whole cluster restarted): the accepted
 * uses of the key's lineage written to {@code API_KEY_USAGE} since the period began. One read per lineage and period
 * for the whole cluster; uses not yet flushed when a node stopped without its shutdown flush are missing.
 */
final class QuotaHistory implements ClusterLimiter.History {

    private final KeycloakSessionFactory factory;

    QuotaHistory(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public int acceptedSince(String lineageId, long fromMillis) {
        Number accepted = KeycloakModelUtils.runJobInTransactionWithResult(factory, session ->
                session.getProvider(JpaConnectionProvider.class).getEntityManager()
                        .createNamedQuery("ApiKeyUsage.acceptedOfLineage", Number.class)
                        .setParameter("lineageId", lineageId)
                        .setParameter("from", fromMillis)
                        .getSingleResult());
        return accepted == null ? 0 : (int) Math.min(Integer.MAX_VALUE, accepted.longValue());
    }
}
