package io.apikeys.keycloak.store.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Write-behind of "last used": uses are collected in memory and written in one transaction per flush, so serving a
 * key never writes to the database. A flush reads the rows in chunks (locked, so two nodes cannot move a row back)
 * and writes each chunk's changes with one statement ({@link LastUseBulkUpdate}), one transaction per chunk. Past {@link #FLUSH_EARLY_AT} keys waiting, a flush is asked for at
 * once; the memory is bounded at twice that, beyond which uses of further keys are not recorded until the flush.
 */
public final class LastUsedRecorder {

    static final int FLUSH_EARLY_AT = 50_000;
    static final int CHUNK = 500;
    /** JPA's lock timeout hint; Hibernate reads -2 as SKIP LOCKED (plain FOR UPDATE where a database lacks it). */
    private static final String LOCK_TIMEOUT_HINT = "jakarta.persistence.lock.timeout";
    private static final int SKIP_LOCKED = -2;
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

    /** The use waiting to be written for a key, or null. */
    LastUse pendingUse(String keyId) {
        return pending.get(keyId);
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
        List<String> ids = new ArrayList<>(batch.keySet());
        int written = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try {
                written += KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        session -> write(session, chunk, batch));
            } catch (RuntimeException e) {
                chunk.forEach(keyId -> requeue(keyId, batch.get(keyId)));
                LOG.warnf("Could not record last use of %d API keys, will retry: %s", chunk.size(), e.toString());
            }
        }
        LOG.debugf("Recorded last use of %d API keys", written);
    }

    /**
     * One transaction per chunk, locking only rows no one else holds (SKIP LOCKED): the flush never waits for
     * another transaction, so it can never deadlock with one (say an admin deleting a client's keys). Uses of the
     * rows it skipped wait for the next flush. Only uses newer than the stored one are written.
     */
    private int write(KeycloakSession session, List<String> chunk, Map<String, LastUse> batch) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<ApiKeyLastUseEntity> rows = em.createNamedQuery("ApiKeyLastUse.byIds", ApiKeyLastUseEntity.class)
                .setParameter("ids", chunk)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(LOCK_TIMEOUT_HINT, SKIP_LOCKED)
                .getResultList();
        Map<String, LastUse> newer = new HashMap<>();
        for (ApiKeyLastUseEntity row : rows) {
            LastUse use = batch.get(row.getId());
            if (row.isOlderThan(use.timestamp())) {
                newer.put(row.getId(), use);
            }
        }
        LastUseBulkUpdate.run(em, newer);
        if (rows.size() < chunk.size()) {
            Set<String> skipped = new HashSet<>(chunk);
            rows.forEach(row -> skipped.remove(row.getId()));
            em.createNamedQuery("ApiKeyLastUse.existingIds", String.class).setParameter("ids", skipped)
                    .getResultList().forEach(keyId -> requeue(keyId, batch.get(keyId)));
        }
        return newer.size();
    }

    private void requeue(String keyId, LastUse use) {
        pending.merge(keyId, use, (now, old) -> now.timestamp() >= old.timestamp() ? now : old);
    }
}
