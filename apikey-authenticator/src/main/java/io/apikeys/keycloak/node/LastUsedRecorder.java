package io.apikeys.keycloak.node;

import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.usage.LastUse;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Write-behind of "last used": uses are collected in memory and written in chunks of {@value #CHUNK} keys, one
 * statement and one transaction per chunk ({@code UsageStore#writeLastUses}), so serving a key never writes to the
 * database. Past {@value #FLUSH_EARLY_AT} keys waiting, a flush is asked for at once; the memory is bounded at twice
 * that, beyond which uses of further keys are not recorded until the flush.
 */
final class LastUsedRecorder {

    static final int FLUSH_EARLY_AT = 50_000;
    static final int CHUNK = 500;
    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);

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
        pending.merge(keyId, new LastUse(timestamp, ip), LastUse::later);
        if (waiting >= FLUSH_EARLY_AT && flushAsked.compareAndSet(false, true)) {
            flushSoon.run();
        }
    }

    int pendingCount() {
        return pending.size();
    }

    Set<String> pendingIds() {
        return pending.keySet();
    }

    /** The use waiting to be written for a key, or null. */
    LastUse pendingUse(String keyId) {
        return pending.get(keyId);
    }

    /** Writes what is pending; a chunk that fails, and rows another transaction held, wait for the next flush. */
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
        for (int from = 0; from < ids.size(); from += CHUNK) {
            Map<String, LastUse> chunk = new HashMap<>();
            ids.subList(from, Math.min(ids.size(), from + CHUNK)).forEach(id -> chunk.put(id, batch.get(id)));
            try {
                Set<String> skipped = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        session -> session.getProvider(ApiKeyStore.class).usage().writeLastUses(chunk));
                skipped.forEach(keyId -> requeue(keyId, chunk.get(keyId)));
            } catch (RuntimeException e) {
                chunk.forEach(this::requeue);
                LOG.warnf("Could not record last use of %d API keys, will retry: %s", chunk.size(), e.toString());
            }
        }
        LOG.debugf("Recorded last use of %d API keys", ids.size());
    }

    private void requeue(String keyId, LastUse use) {
        pending.merge(keyId, use, LastUse::later);
    }
}
