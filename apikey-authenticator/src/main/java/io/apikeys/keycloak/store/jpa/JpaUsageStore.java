package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.limit.SharedCounts;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.store.UsageStore;
import io.apikeys.keycloak.usage.DailyKeyUsage;
import io.apikeys.keycloak.usage.HourBucket;
import io.apikeys.keycloak.usage.LastUse;
import io.apikeys.keycloak.usage.UsageBucket;
import io.apikeys.keycloak.usage.UsageCounts;
import io.apikeys.keycloak.usage.UsageGranularity;
import io.apikeys.keycloak.usage.UsageRange;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;

/** {@link UsageStore} on {@code API_KEY_USAGE} and {@code API_KEY}'s last-use columns, with named queries only. */
final class JpaUsageStore implements UsageStore {

    /** JPA's lock timeout hint; Hibernate reads -2 as SKIP LOCKED (plain FOR UPDATE where a database lacks it). */
    private static final String LOCK_TIMEOUT_HINT = "jakarta.persistence.lock.timeout";
    private static final int SKIP_LOCKED = -2;
    private static final long DAY_MILLIS = UsageGranularity.DAY.millis();

    private final EntityManager em;
    private final Supplier<UsageUpsert.Dialect> dialect;

    /** @param dialect the database's upsert dialect, read once per node */
    JpaUsageStore(EntityManager em, Supplier<UsageUpsert.Dialect> dialect) {
        this.em = em;
        this.dialect = dialect;
    }

    @Override
    public List<UsageBucket> buckets(RealmModel realm, String keyId, UsageRange range) {
        boolean hours = range.granularity() == UsageGranularity.HOUR;
        return em.createNamedQuery(hours ? "ApiKeyUsage.hoursOfKey" : "ApiKeyUsage.daysOfKey", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("keyId", keyId)
                .setParameter("from", range.firstBucket())
                .setParameter("to", range.to())
                .getResultStream()
                .map(row -> new UsageBucket(number(row[0]), number(row[1]), number(row[2])))
                .toList();
    }

    @Override
    public List<DailyKeyUsage> daily(RealmModel realm, Set<String> clientUuids, UsageRange range) {
        if (clientUuids != null && clientUuids.isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createNamedQuery(
                        clientUuids == null ? "ApiKeyUsage.dailyOfRealm" : "ApiKeyUsage.dailyOfClients", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("from", UsageGranularity.DAY.bucketStart(range.from()))
                .setParameter("to", range.to());
        if (clientUuids != null) {
            query.setParameter("clients", clientUuids);
        }
        return query.getResultStream()
                .map(row -> new DailyKeyUsage((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        number(row[4]), number(row[5]), number(row[6])))
                .toList();
    }

    @Override
    public int acceptedSince(String lineageId, long fromMillis) {
        Long accepted = em.createNamedQuery("ApiKeyUsage.acceptedOfLineage", Long.class)
                .setParameter("lineageId", lineageId)
                .setParameter("from", fromMillis)
                .getSingleResult();
        return accepted == null ? 0 : (int) Math.min(Integer.MAX_VALUE, accepted);
    }

    @Override
    public void add(SortedMap<HourBucket, UsageCounts> counts) {
        UsageUpsert.run(em, dialect.get(), counts);
    }

    /**
     * Locks only rows no one else holds (SKIP LOCKED): the write-behind never waits for another transaction, so it
     * can never deadlock with one (say an admin deleting a client's keys), and two nodes cannot move a row back.
     */
    @Override
    public Set<String> writeLastUses(Map<String, LastUse> uses) {
        List<ApiKeyLastUseEntity> rows = em.createNamedQuery("ApiKeyLastUse.byIds", ApiKeyLastUseEntity.class)
                .setParameter("ids", uses.keySet())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(LOCK_TIMEOUT_HINT, SKIP_LOCKED)
                .getResultList();
        Map<String, LastUse> newer = new HashMap<>();
        for (ApiKeyLastUseEntity row : rows) {
            LastUse use = uses.get(row.getId());
            if (row.isOlderThan(use.timestamp())) {
                newer.put(row.getId(), use);
            }
        }
        LastUseBulkUpdate.run(em, newer);
        if (rows.size() == uses.size()) {
            return Set.of();
        }
        Set<String> skipped = new HashSet<>(uses.keySet());
        rows.forEach(row -> skipped.remove(row.getId()));
        return new HashSet<>(em.createNamedQuery("ApiKeyLastUse.existingIds", String.class)
                .setParameter("ids", skipped).getResultList());
    }

    /** A locking read and an update (or an insert for a new window): one round trip more only once per window. */
    @Override
    public Optional<SharedCounts.Taken> takeUses(SharedCounts.Window window, int requests, int wanted,
                                                 OptionalInt usedBefore) {
        ApiKeyWindowCountEntity row = em.find(ApiKeyWindowCountEntity.class,
                new ApiKeyWindowCountEntity.Key(window.counter(), window.startMillis()), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            if (usedBefore.isEmpty()) {
                return Optional.empty();
            }
            int before = Math.max(0, usedBefore.getAsInt());
            int uses = Math.max(0, Math.min(wanted, requests - before));
            // Two nodes starting the same window: one insert fails on the primary key and its caller tries again.
            em.persist(new ApiKeyWindowCountEntity(window.counter(), window.startMillis(), window.endMillis(),
                    before + uses));
            em.flush();
            return Optional.of(new SharedCounts.Taken(uses, before + uses));
        }
        int uses = Math.max(0, Math.min(wanted, requests - row.getUsed()));
        row.setUsed(row.getUsed() + uses);
        return Optional.of(new SharedCounts.Taken(uses, row.getUsed()));
    }

    @Override
    public OptionalInt windowCount(SharedCounts.Window window) {
        ApiKeyWindowCountEntity row = em.find(ApiKeyWindowCountEntity.class,
                new ApiKeyWindowCountEntity.Key(window.counter(), window.startMillis()));
        return row == null ? OptionalInt.empty() : OptionalInt.of(row.getUsed());
    }

    @Override
    public int pruneWindowCounts(long beforeMillis) {
        return em.createNamedQuery("ApiKeyWindowCount.prune").setParameter("before", beforeMillis).executeUpdate();
    }

    @Override
    public int prune(RealmModel realm) {
        long before = UsageGranularity.HOUR.bucketStart(Time.currentTimeMillis())
                - RealmApiKeySettings.of(realm).usageRetentionDays() * DAY_MILLIS;
        return em.createNamedQuery("ApiKeyUsage.pruneRealm").setParameter("realmId", realm.getId())
                .setParameter("before", before).executeUpdate();
    }

    @Override
    public int deleteRealm(String realmId) {
        return em.createNamedQuery("ApiKeyUsage.deleteRealm").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public List<String> realmIds() {
        return em.createNamedQuery("ApiKeyUsage.realmIds", String.class).getResultList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
