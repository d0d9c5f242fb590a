package io.apikeys.keycloak.node;

import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.UsageStore;
import io.apikeys.keycloak.usage.HourBucket;
import io.apikeys.keycloak.usage.UsageCounts;
import io.apikeys.keycloak.usage.UsageMeter;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Write-behind of usage counts, beside the last-used one and on the same schedule: a flush takes this node's
 * counts from the {@link UsageMeter} and adds them to the stored ones in chunks of {@value #CHUNK} key-hours, one
 * statement and one transaction per chunk; a chunk that fails goes back to the meter and is written by the next
 * flush. Also deletes the rows older than each realm's {@code usageRetentionDays}.
 */
final class UsageWriter {

    static final int CHUNK = 500;
    private static final Logger LOG = Logger.getLogger(UsageWriter.class);

    private final UsageMeter meter;

    UsageWriter(UsageMeter meter) {
        this.meter = meter;
    }

    UsageMeter meter() {
        return meter;
    }

    void flush(KeycloakSessionFactory factory) {
        TreeMap<HourBucket, UsageCounts> batch = meter.drain();
        if (batch.isEmpty()) {
            return;
        }
        List<Map.Entry<HourBucket, UsageCounts>> entries = new ArrayList<>(batch.entrySet());
        int written = 0;
        for (int from = 0; from < entries.size(); from += CHUNK) {
            TreeMap<HourBucket, UsageCounts> chunk = new TreeMap<>();
            entries.subList(from, Math.min(entries.size(), from + CHUNK)).forEach(e -> chunk.put(e.getKey(), e.getValue()));
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> usage(session).add(chunk));
                written += chunk.size();
            } catch (RuntimeException e) {
                chunk.forEach(meter::requeue);
                LOG.warnf("Could not record the usage of %d API key hours, will retry: %s", chunk.size(), e.toString());
            }
        }
        LOG.debugf("Recorded usage of %d API key hours", written);
    }

    /** Deletes, in every realm, the rows older than its retention, and the rows of realms that no longer exist. */
    void prune(KeycloakSession session) {
        UsageStore usage = usage(session);
        int deleted = 0;
        for (String realmId : usage.realmIds()) {
            RealmModel realm = session.realms().getRealm(realmId);
            deleted += realm == null ? usage.deleteRealm(realmId) : usage.prune(realm);
        }
        LOG.debugf("Pruned %d API key usage rows", deleted);
    }

    /** Deletes the realm's rows older than its retention (run after the retention changed). */
    void prune(KeycloakSessionFactory factory, String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    usage(session).prune(realm);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not prune API key usage of realm %s, will try again: %s", realmId, e.toString());
        }
    }

    private static UsageStore usage(KeycloakSession session) {
        return session.getProvider(ApiKeyStore.class).usage();
    }
}
