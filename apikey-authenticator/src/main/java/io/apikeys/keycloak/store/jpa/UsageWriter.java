package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.usage.HourBucket;
import io.apikeys.keycloak.usage.UsageCounts;
import io.apikeys.keycloak.usage.UsageGranularity;
import io.apikeys.keycloak.usage.UsageMeter;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Write-behind of usage counts, beside the last-used one and on the same schedule: a flush takes this node's
 * counts from the {@link UsageMeter} and adds them to {@code API_KEY_USAGE} in chunks of {@link #CHUNK} rows, one
 * statement ({@link UsageUpsert}) and one transaction per chunk; a chunk that fails goes back to the meter and is
 * written by the next flush. Also deletes the rows older than each realm's {@code usageRetentionDays}.
 */
final class UsageWriter {

    static final int CHUNK = 500;
    private static final long DAY_MILLIS = UsageGranularity.DAY.millis();
    private static final Logger LOG = Logger.getLogger(UsageWriter.class);

    private final UsageMeter meter;
    private volatile UsageUpsert.Dialect dialect;

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
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    EntityManager em = em(session);
                    UsageUpsert.run(em, dialect(em), chunk);
                });
                written += chunk.size();
            } catch (RuntimeException e) {
                chunk.forEach(meter::requeue);
                LOG.warnf("Could not record the usage of %d API key hours, will retry: %s", chunk.size(), e.toString());
            }
        }
        LOG.debugf("Recorded usage of %d API key hours", written);
    }

    private UsageUpsert.Dialect dialect(EntityManager em) {
        UsageUpsert.Dialect known = dialect;
        if (known == null) {
            known = UsageUpsert.dialect(em);
            dialect = known;
        }
        return known;
    }

    /** Deletes, in every realm, the rows older than its retention, and the rows of realms that no longer exist. */
    void prune(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = em(session);
                Set<String> realms = session.realms().getRealmsStream().map(RealmModel::getId).collect(Collectors.toSet());
                int deleted = 0;
                for (String realmId : em.createNamedQuery("ApiKeyUsage.realmIds", String.class).getResultList()) {
                    RealmModel realm = realms.contains(realmId) ? session.realms().getRealm(realmId) : null;
                    deleted += realm == null ? deleteRealm(em, realmId) : prune(em, realm);
                }
                LOG.debugf("Pruned %d API key usage rows", deleted);
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not prune API key usage, will try again: %s", e.toString());
        }
    }

    /** Deletes the realm's rows older than its retention (run after the retention changed). */
    void prune(KeycloakSessionFactory factory, String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    prune(em(session), realm);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not prune API key usage of realm %s, will try again: %s", realmId, e.toString());
        }
    }

    private static int prune(EntityManager em, RealmModel realm) {
        long before = UsageGranularity.HOUR.bucketStart(Time.currentTimeMillis())
                - RealmApiKeySettings.of(realm).usageRetentionDays() * DAY_MILLIS;
        return em.createNamedQuery("ApiKeyUsage.pruneRealm").setParameter("realmId", realm.getId())
                .setParameter("before", before).executeUpdate();
    }

    static int deleteRealm(EntityManager em, String realmId) {
        return em.createNamedQuery("ApiKeyUsage.deleteRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
