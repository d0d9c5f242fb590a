package io.apikeys.keycloak.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Write-behind of "last used": uses are collected in memory and written in one transaction per flush, so serving a
 * key never writes to the database. A flush reads the rows in chunks (locked, so two nodes cannot move a row back)
 * and lets JPA write the changes in JDBC batches. Past {@link #FLUSH_EARLY_AT} keys waiting, a flush is asked for at
 * once; the memory is bounded at twice that, beyond which uses of further keys are not recorded until the flush.
 */
final class LastUsedRecorder {

    static final int FLUSH_EARLY_AT = 50_000;
    static final int CHUNK = 500;
    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);

    record LastUse(long timestamp, String ip) {
    }

    private final Map<String, LastUse> pending = new ConcurrentHashMap<>();
    private final Runnable flushSoon;
    private final AtomicBoolean flushAsked = new AtomicBoolean();

    /** @param flushSoon asks for a flush now, on another thread */
    LastUsedRecorder(Runnable flushSoon) {
        this.flushSoon = flushSoon;
    }

    void record(String keyId, long timestamp, String ip) {
        int waiting = pending.size();
        if (waiting >= 2 * FLUSH_EARLY_AT && !pending.containsKey(keyId)) {
            return;
        }
        pending.merge(keyId, new LastUse(timestamp, ip), (old, now) -> now.timestamp() >= old.timestamp() ? now : old);
        if (waiting >= FLUSH_EARLY_AT && flushAsked.compareAndSet(false, true)) {
            flushSoon.run();
        }
    }

    int pendingCount() {
        return pending.size();
    }

    void flush(KeycloakSessionFactory factory) {
        flushAsked.set(false);
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
                List<String> ids = new ArrayList<>(batch.keySet());
                ids.sort(null); // the same lock order on every node
                for (int from = 0; from < ids.size(); from += CHUNK) {
                    em.createNamedQuery("ApiKeyLastUse.byIds", ApiKeyLastUseEntity.class)
                            .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                            .getResultList()
                            .forEach(row -> row.recordUse(batch.get(row.getId()).timestamp(), batch.get(row.getId()).ip()));
                    em.flush();
                    em.clear();
                }
            });
            LOG.debugf("Recorded last use of %d API keys", batch.size());
        } catch (RuntimeException e) {
            batch.forEach(this::requeue);
            LOG.warnf("Could not record last use of %d API keys, will retry: %s", batch.size(), e.toString());
        }
    }

    private void requeue(String keyId, LastUse use) {
        pending.merge(keyId, use, (now, old) -> now.timestamp() >= old.timestamp() ? now : old);
    }
}
