package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.limit.KeyUseLimits;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.policy.ApiKeyDraftValidator;
import io.apikeys.keycloak.policy.KeyLifecycleRules;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.store.ApiKeyConflictException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import io.apikeys.keycloak.store.ApiKeyQuery;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.ApiKeyCacheInvalidationEvent;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import io.apikeys.keycloak.usage.DailyKeyUsage;
import io.apikeys.keycloak.usage.UsageBucket;
import io.apikeys.keycloak.usage.UsageGranularity;
import io.apikeys.keycloak.usage.UsageMeter;
import io.apikeys.keycloak.usage.UsageRange;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.ClientEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@link ApiKeyStore} on Keycloak's own database through JPA. */
public final class JpaApiKeyStore implements ApiKeyStore {

    private final KeycloakSession session;
    private final ApiKeyLookupCache cache;
    private final LastUsedRecorder lastUsed;
    private final ApiKeyCacheCoordinator coordinator;
    private final KeyUseLimits limits;
    private final UsageMeter meter;
    private final Consumer<String> pruneUsageSoon;
    private final ApiKeyMetrics metrics;

    /** @param pruneUsageSoon prunes a realm's usage (by its id) on another thread */
    JpaApiKeyStore(KeycloakSession session, ApiKeyLookupCache cache, LastUsedRecorder lastUsed,
                   ApiKeyCacheCoordinator coordinator, KeyUseLimits limits, UsageMeter meter,
                   Consumer<String> pruneUsageSoon, ApiKeyMetrics metrics) {
        this.session = session;
        this.cache = cache;
        this.lastUsed = lastUsed;
        this.coordinator = coordinator;
        this.limits = limits;
        this.meter = meter;
        this.pruneUsageSoon = pruneUsageSoon;
        this.metrics = metrics;
    }

    @Override
    public KeyUseLimits limits() {
        return limits;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public CreatedApiKey create(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy) {
        ApiKeyDraftValidator.requireServiceAccountClient(client);
        RealmApiKeySettings settings = settings(realm);
        long now = Time.currentTimeMillis();
        ApiKeyDraft valid = new ApiKeyDraftValidator(session, realm, settings).validate(draft, client, now, now);
        // Serialises key creation per client (across nodes, in the database) so parallel creates cannot exceed
        // maxKeysPerClient between the count and the insert.
        em().find(ClientEntity.class, client.getId(), LockModeType.PESSIMISTIC_WRITE);
        KeyLifecycleRules.requireRoomForNewKey(settings, client.getClientId(), countLiveKeys(realm, client, now));
        return insert(realm, client.getId(), valid, createdBy, now, settings.keyPrefix(), null);
    }

    private CreatedApiKey insert(RealmModel realm, String clientUuid, ApiKeyDraft draft, String createdBy, long now,
                                 String prefix, StoredApiKey rotatedFrom) {
        ApiKey key = ApiKeyFormat.generate(prefix);
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setClientId(clientUuid);
        entity.setKeyHash(key.hash().hex());
        entity.setKeyStart(key.start());
        entity.setCreatedTimestamp(now);
        entity.setCreatedBy(createdBy);
        // A successor continues its predecessor's lineage, so that it goes on with the period's quota count.
        entity.setRotatedFromId(rotatedFrom == null ? null : rotatedFrom.id());
        entity.setLineageId(rotatedFrom == null ? entity.getId() : rotatedFrom.lineageId());
        ApiKeyEntityMapper.applyDraft(draft, entity);
        em().persist(entity);
        em().flush();
        coordinator.keyCreated(session, ApiKeyCacheInvalidationEvent.created(realm.getId(), key.hash()));
        return new CreatedApiKey(ApiKeyEntityMapper.toStored(entity), key);
    }

    @Override
    public Optional<StoredApiKey> findByHash(RealmModel realm, ApiKeyHash hash) {
        return find(realm, hash, false);
    }

    @Override
    public Optional<StoredApiKey> findInMemory(RealmModel realm, ApiKeyHash hash) {
        return find(realm, hash, true);
    }

    private Optional<StoredApiKey> find(RealmModel realm, ApiKeyHash hash, boolean memoryOnly) {
        StoredApiKey cached = cache.get(hash);
        if (cached == null) {
            if (memoryOnly || cache.isKnownMissing(hash)) {
                return Optional.empty();
            }
            cached = load(hash);
            if (cached == null) {
                return Optional.empty();
            }
        }
        // A key of another realm is treated exactly like an unknown one.
        return cached.realmId().equals(realm.getId()) ? Optional.of(cached) : Optional.empty();
    }

    /** Reads a key by hash into the cache, or remembers that it does not exist; null if it does not. */
    private StoredApiKey load(ApiKeyHash hash) {
        long generation = cache.generation();
        List<ApiKeyEntity> rows = em().createNamedQuery("ApiKey.byHash", ApiKeyEntity.class)
                .setParameter("hash", hash.hex())
                .getResultList();
        if (rows.isEmpty()) {
            cache.markMissing(hash, generation);
            return null;
        }
        StoredApiKey loaded = ApiKeyEntityMapper.toStored(rows.get(0));
        em().detach(rows.get(0));
        cache.put(loaded, generation);
        return loaded;
    }

    @Override
    public Optional<StoredApiKey> findById(RealmModel realm, String id) {
        return entity(realm, id).map(ApiKeyEntityMapper::toStored);
    }

    @Override
    public Optional<StoredApiKey> findForUseById(RealmModel realm, String id) {
        StoredApiKey cached = id == null ? null : cache.getById(id);
        if (cached == null) {
            long generation = cache.generation();
            Optional<ApiKeyEntity> entity = entity(realm, id);
            if (entity.isEmpty()) {
                return Optional.empty();
            }
            cached = ApiKeyEntityMapper.toStored(entity.get());
            em().detach(entity.get());
            cache.put(cached, generation);
        }
        // A key of another realm is treated exactly like an unknown one.
        return cached.realmId().equals(realm.getId()) ? Optional.of(cached) : Optional.empty();
    }

    private Optional<ApiKeyEntity> entity(RealmModel realm, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        ApiKeyEntity entity = em().find(ApiKeyEntity.class, id);
        return entity != null && entity.getRealmId().equals(realm.getId()) ? Optional.of(entity) : Optional.empty();
    }

    private ApiKeyEntity require(RealmModel realm, String id) {
        return entity(realm, id).orElseThrow(() -> new ApiKeyNotFoundException());
    }

    @Override
    public List<StoredApiKey> search(RealmModel realm, ApiKeyQuery query) {
        if (query.clientUuids() != null && query.clientUuids().isEmpty()) {
            return List.of();
        }
        CriteriaBuilder cb = em().getCriteriaBuilder();
        CriteriaQuery<ApiKeyEntity> cq = cb.createQuery(ApiKeyEntity.class);
        Root<ApiKeyEntity> key = cq.from(ApiKeyEntity.class);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(key.get("realmId"), realm.getId()));
        if (query.clientUuids() != null) {
            where.add(key.get("clientId").in(query.clientUuids()));
        }
        if (query.status() != null) {
            where.add(statusPredicate(cb, key, query.status(), Time.currentTimeMillis()));
        }
        if (query.search() != null && !query.search().isBlank()) {
            String pattern = "%" + query.search().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.add(cb.or(
                    cb.like(cb.lower(key.get("name")), pattern, '\\'),
                    cb.like(cb.lower(key.get("description")), pattern, '\\'),
                    cb.like(cb.lower(key.get("keyStart")), pattern, '\\')));
        }
        cq.select(key).where(where.toArray(Predicate[]::new))
                .orderBy(cb.desc(key.get("createdTimestamp")), cb.desc(key.get("id")));
        return em().createQuery(cq)
                .setFirstResult(Math.max(0, query.first()))
                .setMaxResults(query.max())
                .getResultStream()
                .map(ApiKeyEntityMapper::toStored)
                .toList();
    }

    /** The SQL form of {@link ApiKeyStatus#of}: revoked, then expired, then disabled. */
    private static Predicate statusPredicate(CriteriaBuilder cb, Root<ApiKeyEntity> key, ApiKeyStatus status, long now) {
        Predicate notRevoked = cb.isNull(key.get("revokedTimestamp"));
        Predicate expired = cb.and(cb.isNotNull(key.get("expiresTimestamp")), cb.le(key.get("expiresTimestamp"), now));
        return switch (status) {
            case REVOKED -> cb.isNotNull(key.get("revokedTimestamp"));
            case EXPIRED -> cb.and(notRevoked, expired);
            case DISABLED -> cb.and(notRevoked, cb.not(expired), cb.isFalse(key.get("enabled")));
            case ACTIVE -> cb.and(notRevoked, cb.not(expired), cb.isTrue(key.get("enabled")));
        };
    }

    /**
     * A locking read: after waiting for the client lock it sees the latest committed keys, also on MariaDB, whose
     * REPEATABLE READ snapshot would otherwise still show the count from before the wait.
     */
    private long countLiveKeys(RealmModel realm, ClientModel client, long now) {
        CriteriaBuilder cb = em().getCriteriaBuilder();
        CriteriaQuery<ApiKeyEntity> cq = cb.createQuery(ApiKeyEntity.class);
        Root<ApiKeyEntity> key = cq.from(ApiKeyEntity.class);
        Predicate live = cb.or(statusPredicate(cb, key, ApiKeyStatus.ACTIVE, now),
                statusPredicate(cb, key, ApiKeyStatus.DISABLED, now));
        cq.select(key).where(cb.equal(key.get("realmId"), realm.getId()),
                cb.equal(key.get("clientId"), client.getId()), live);
        return orConflict(() -> em().createQuery(cq).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().size());
    }

    @Override
    public StoredApiKey update(RealmModel realm, String id, ApiKeyDraft draft) {
        ApiKeyEntity entity = require(realm, id);
        ClientModel client = realm.getClientById(entity.getClientId());
        if (client == null) {
            throw new ApiKeyNotFoundException();
        }
        long now = Time.currentTimeMillis();
        ApiKeyDraft valid = new ApiKeyDraftValidator(session, realm, settings(realm))
                .validate(draft, client, entity.getCreatedTimestamp(), now);
        ApiKeyEntityMapper.applyDraft(valid, entity);
        return changed(realm, entity);
    }

    @Override
    public CreatedApiKey rotate(RealmModel realm, String id, long gracePeriodSeconds, String actor) {
        ApiKeyEntity old = require(realm, id);
        long now = Time.currentTimeMillis();
        StoredApiKey previous = ApiKeyEntityMapper.toStored(old);
        ClientModel client = realm.getClientById(old.getClientId());
        if (client == null) {
            throw new ApiKeyNotFoundException();
        }
        ApiKeyDraftValidator.requireServiceAccountClient(client);
        // Serialised per client, like create, so that parallel rotations cannot exceed the limit either.
        em().find(ClientEntity.class, client.getId(), LockModeType.PESSIMISTIC_WRITE);
        // What was read before the lock may be stale: a rotation or update that committed meanwhile is a conflict
        // (409), found here rather than as a version mismatch later. A locking read, because MariaDB's REPEATABLE
        // READ snapshot would show a plain read the version from before the wait.
        em().refresh(old, LockModeType.PESSIMISTIC_WRITE);
        if (old.getVersion() != previous.version()) {
            throw new ApiKeyConflictException("the key was changed concurrently; read it again and retry");
        }
        RealmApiKeySettings settings = settings(realm);
        boolean hasSuccessor = !em().createNamedQuery("ApiKey.successors", String.class)
                .setParameter("id", id).getResultList().isEmpty();
        KeyLifecycleRules.requireRotatable(settings, client.getClientId(), previous.status(now), hasSuccessor,
                gracePeriodSeconds, countLiveKeys(realm, client, now));
        ApiKeyDraft draft = previous.toDraft();
        ApiKeyDraft valid = new ApiKeyDraftValidator(session, realm, settings).validate(
                new ApiKeyDraft(draft.name(), draft.description(), draft.enabled(),
                        KeyLifecycleRules.successorExpiry(previous.expiresTimestamp(), previous.createdTimestamp(), now),
                        draft.scopes(), draft.roles(), draft.audiences(), draft.allowedIps(), draft.rateLimit(),
                        draft.quota(), draft.tokenLifespanSeconds(), draft.attributes()), client, now, now);
        old.setExpiresTimestamp(KeyLifecycleRules.replacedKeyExpiry(old.getExpiresTimestamp(), now, gracePeriodSeconds));
        changed(realm, old);
        return insert(realm, old.getClientId(), valid, actor, now, settings.keyPrefix(), previous);
    }

    /**
     * A revoke never loses a race: one conditional UPDATE that does not check the version but raises it, so that a
     * concurrent update of the same key is the one that fails (409), not the revoke.
     */
    @Override
    public StoredApiKey revoke(RealmModel realm, String id) {
        ApiKeyEntity entity = require(realm, id);
        em().createNamedQuery("ApiKey.revoke")
                .setParameter("id", id)
                .setParameter("now", Time.currentTimeMillis())
                .executeUpdate();
        em().refresh(entity);
        forgetAfterCommit(realm, entity);
        return ApiKeyEntityMapper.toStored(entity);
    }

    @Override
    public boolean delete(RealmModel realm, String id) {
        Optional<ApiKeyEntity> entity = entity(realm, id);
        entity.ifPresent(e -> {
            em().remove(e);
            flush();
            forgetAfterCommit(realm, e);
        });
        return entity.isPresent();
    }

    private StoredApiKey changed(RealmModel realm, ApiKeyEntity entity) {
        flush();
        forgetAfterCommit(realm, entity);
        return ApiKeyEntityMapper.toStored(entity);
    }

    private void flush() {
        orConflict(() -> {
            em().flush();
            return null;
        });
    }

    /**
     * Runs work that reads or writes keys a concurrent transaction may have changed. Keycloak's entity manager wraps
     * the JPA exception; a version mismatch anywhere in the chain is a lost concurrent change (409), anything else a
     * real failure.
     */
    private static <T> T orConflict(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof OptimisticLockException) {
                    throw new ApiKeyConflictException("the key was changed concurrently; read it again and retry");
                }
            }
            throw e;
        }
    }

    @Override
    public void recordUse(StoredApiKey key, String remoteAddress) {
        lastUsed.record(key.id(), Time.currentTimeMillis(), remoteAddress);
    }

    @Override
    public RealmApiKeySettings settings(RealmModel realm) {
        return RealmApiKeySettings.of(realm);
    }

    @Override
    public void updateSettings(RealmModel realm, RealmApiKeySettings settings) {
        boolean retentionChanged = settings(realm).usageRetentionDays() != settings.usageRetentionDays();
        settings.writeTo(realm);
        if (retentionChanged) {
            String realmId = realm.getId();
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    pruneUsageSoon.accept(realmId);
                }

                @Override
                protected void rollbackImpl() {
                }
            });
        }
    }

    @Override
    public UsageMeter meter() {
        return meter;
    }

    @Override
    public ApiKeyMetrics metrics() {
        return metrics;
    }

    @Override
    public List<UsageBucket> usage(RealmModel realm, String keyId, UsageRange range) {
        boolean hours = range.granularity() == UsageGranularity.HOUR;
        return em().createNamedQuery(hours ? "ApiKeyUsage.hoursOfKey" : "ApiKeyUsage.daysOfKey", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("keyId", keyId)
                .setParameter("from", range.firstBucket())
                .setParameter("to", range.to())
                .getResultStream()
                .map(row -> new UsageBucket(number(row[0]), number(row[1]), number(row[2])))
                .toList();
    }

    @Override
    public List<DailyKeyUsage> dailyUsage(RealmModel realm, Set<String> clientUuids, UsageRange range) {
        if (clientUuids != null && clientUuids.isEmpty()) {
            return List.of();
        }
        String clients = clientUuids == null ? "" : " and u.clientId in :clients";
        var query = em().createQuery("select u.keyId, u.clientId, max(u.clientClientId), max(u.keyName), u.dayStart,"
                        + " sum(u.accepted), sum(u.refused) from ApiKeyUsageEntity u"
                        + " where u.realmId = :realmId and u.hourStart >= :from and u.hourStart < :to" + clients
                        + " group by u.keyId, u.clientId, u.dayStart"
                        + " order by u.dayStart, max(u.clientClientId), max(u.keyName), u.keyId", Object[].class)
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

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Deletes every key of a client (the client is being removed) and forgets them on every node. */
    void deleteClientKeys(RealmModel realm, String clientUuid) {
        List<ApiKeyHash> hashes = em().createNamedQuery("ApiKey.hashesByClient", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("clientId", clientUuid)
                .getResultStream().map(ApiKeyHash::new).toList();
        if (hashes.isEmpty()) {
            return;
        }
        em().createNamedQuery("ApiKey.deleteByClient")
                .setParameter("realmId", realm.getId())
                .setParameter("clientId", clientUuid)
                .executeUpdate();
        coordinator.afterCommit(session, ApiKeyCacheInvalidationEvent.keys(realm.getId(), hashes));
    }

    /** Once the transaction commits, every node forgets this key. */
    private void forgetAfterCommit(RealmModel realm, ApiKeyEntity entity) {
        coordinator.afterCommit(session,
                ApiKeyCacheInvalidationEvent.keys(realm.getId(), List.of(new ApiKeyHash(entity.getKeyHash()))));
    }

    void deleteRealmKeys(String realmId) {
        em().createNamedQuery("ApiKey.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
        UsageWriter.deleteRealm(em(), realmId);
        coordinator.afterCommit(session, ApiKeyCacheInvalidationEvent.realm(realmId));
    }

    @Override
    public void close() {
    }
}
