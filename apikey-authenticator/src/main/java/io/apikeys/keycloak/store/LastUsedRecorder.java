package io.apikeys.keycloak.store;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write-behind of "last used": uses are collected in memory and written in one transaction per flush, so serving a
 * key never writes to the database. A row is only ever moved forward in time.
 */
final class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);

    record LastUse(long timestamp, String ip) {
    }

    private final Map<String, LastUse> pending = new ConcurrentHashMap<>();

    void record(String keyId, long timestamp, String ip) {
        pending.merge(keyId, new LastUse(timestamp, ip), (old, now) -> now.timestamp() >= old.timestamp() ? now : old);
    }

    int pendingCount() {
        return pending.size();
    }

    void flush(KeycloakSessionFactory factory) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, LastUse> batch = new HashMap<>();
        for (String keyId : pending.keySet()) {
            LastUse use = pending.remove(keyId);
            if (use != null) {
                batch.put(keyId, use);
            }
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                batch.forEach((keyId, use) -> em.createNamedQuery("ApiKey.touch")
                        .setParameter("ts", use.timestamp())
                        .setParameter("ip", use.ip())
                        .setParameter("id", keyId)
                        .executeUpdate());
            });
            LOG.debugf("Recorded last use of %d API keys", batch.size());
        } catch (RuntimeException e) {
            batch.forEach(this::requeue);
            LOG.warnf("Could not record last use of %d API keys, will retry: %s", batch.size(), e.toString());
        }
    }

    private void requeue(String keyId, LastUse use) {
        record(keyId, use.timestamp(), use.ip());
    }
}
