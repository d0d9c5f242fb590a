package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.store.ApiKeyConflictException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import io.apikeys.keycloak.store.ApiKeyQuery;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.ExpiringKey;
import io.apikeys.keycloak.store.KeyChange;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.UsageStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The key rows in Keycloak's own database, through the entity manager of the session's transaction. No memory of
 * its own: the caching layer above it ({@code CachingApiKeyStore}) keeps keys and tells the other nodes.
 */
public final class JpaApiKeyStore implements ApiKeyStore {

    private final EntityManager em;
    private final KeyLifecycle lifecycle;
    private final UsageStore usage;

    JpaApiKeyStore(KeycloakSession session, EntityManager em, UsageStore usage) {
        this.em = em;
        this.lifecycle = new KeyLifecycle(session, em, this);
        this.usage = usage;
    }

    @Override
    public CreatedApiKey create(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy) {
        return lifecycle.create(realm, client, draft, createdBy);
    }

    @Override
    public CreatedApiKey createPersonal(RealmModel realm, ClientModel client, UserModel user, ApiKeyDraft draft,
                                        String createdBy) {
        return lifecycle.createPersonal(realm, client, user, draft, createdBy);
    }

    @Override
    public StoredApiKey update(RealmModel realm, String id, ApiKeyDraft draft) {
        return lifecycle.update(realm, id, draft);
    }

    @Override
    public CreatedApiKey rotate(RealmModel realm, String id, long gracePeriodSeconds, String actor) {
        return lifecycle.rotate(realm, id, gracePeriodSeconds, actor);
    }

    StoredApiKey insert(RealmModel realm, String clientUuid, String userId, ApiKey key, ApiKeyDraft draft,
                        String createdBy, long now, StoredApiKey rotatedFrom) {
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setClientId(clientUuid);
        entity.setUserId(userId);
        entity.setKeyHash(key.hash().hex());
        entity.setKeyStart(key.start());
        entity.setCreatedTimestamp(now);
        entity.setCreatedBy(createdBy);
        entity.setRotatedFromId(rotatedFrom == null ? null : rotatedFrom.id());
        entity.setLineageId(rotatedFrom == null ? entity.getId() : rotatedFrom.lineageId());
        ApiKeyEntityMapper.applyDraft(draft, entity);
        em.persist(entity);
        em.flush();
        recordChange(realm.getId(), key.hash(), entity.getVersion(), true);
        return ApiKeyEntityMapper.toStored(entity);
    }

    /** Writes the change into the changeset, in the transaction that makes it (null hash: every key of the realm). */
    private void recordChange(String realmId, ApiKeyHash hash, Integer version, boolean created) {
        em.persist(new ApiKeyChangeEntity(KeycloakModelUtils.generateId(), Time.currentTimeMillis(), realmId,
                hash == null ? null : hash.hex(), version, created));
    }

    @Override
    public List<KeyChange> changesSince(long fromMillis) {
        return em.createNamedQuery("ApiKeyChange.since", ApiKeyChangeEntity.class)
                .setParameter("from", fromMillis)
                .getResultStream()
                .map(c -> new KeyChange(c.getId(), c.getChangedAt(), c.getRealmId(),
                        c.getKeyHash() == null ? null : new ApiKeyHash(c.getKeyHash()), c.getKeyVersion(), c.isCreated()))
                .toList();
    }

    @Override
    public int pruneChanges(long beforeMillis) {
        return em.createNamedQuery("ApiKeyChange.prune").setParameter("before", beforeMillis).executeUpdate();
    }

    @Override
    public Optional<StoredApiKey> findByHash(RealmModel realm, ApiKeyHash hash) {
        List<ApiKeyEntity> rows = em.createNamedQuery("ApiKey.byHash", ApiKeyEntity.class)
                .setParameter("hash", hash.hex())
                .getResultList();
        // Detached: a lookup on the request path must not grow the session's persistence context.
        rows.forEach(em::detach);
        return rows.stream().map(ApiKeyEntityMapper::toStored).filter(key -> key.realmId().equals(realm.getId()))
                .findFirst();
    }

    @Override
    public Optional<StoredApiKey> findById(RealmModel realm, String id) {
        return entity(realm, id).map(ApiKeyEntityMapper::toStored);
    }

    private Optional<ApiKeyEntity> entity(RealmModel realm, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        ApiKeyEntity entity = em.find(ApiKeyEntity.class, id);
        return entity != null && entity.getRealmId().equals(realm.getId()) ? Optional.of(entity) : Optional.empty();
    }

    ApiKeyEntity require(RealmModel realm, String id) {
        return entity(realm, id).orElseThrow(ApiKeyNotFoundException::new);
    }

    @Override
    public List<StoredApiKey> search(RealmModel realm, ApiKeyQuery query) {
        if (query.clientUuids() != null && query.clientUuids().isEmpty()) {
            return List.of();
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<ApiKeyEntity> cq = cb.createQuery(ApiKeyEntity.class);
        Root<ApiKeyEntity> key = cq.from(ApiKeyEntity.class);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(key.get("realmId"), realm.getId()));
        if (query.clientUuids() != null) {
            where.add(key.get("clientId").in(query.clientUuids()));
        }
        where.add(query.userId() == null ? cb.isNull(key.get("userId")) : cb.equal(key.get("userId"), query.userId()));
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
        return em.createQuery(cq)
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

    /** The client's live service keys (its users' personal keys are theirs), a locking read as {@link #countLive}. */
    long countLiveKeys(RealmModel realm, ClientModel client, long now) {
        return countLive(realm, now, (cb, key) -> cb.and(cb.equal(key.get("clientId"), client.getId()),
                cb.isNull(key.get("userId"))));
    }

    /** The user's live personal keys, a locking read as {@link #countLive}. */
    long countLiveUserKeys(RealmModel realm, String userId, long now) {
        return countLive(realm, now, (cb, key) -> cb.equal(key.get("userId"), userId));
    }

    /**
     * The realm's live (active or disabled) keys of one owner. A locking read: after waiting for the owner's lock it
     * sees the latest committed keys, also on MariaDB, whose REPEATABLE READ snapshot would otherwise still show the
     * count from before the wait.
     */
    private long countLive(RealmModel realm, long now, BiFunction<CriteriaBuilder, Root<ApiKeyEntity>, Predicate> owner) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<ApiKeyEntity> cq = cb.createQuery(ApiKeyEntity.class);
        Root<ApiKeyEntity> key = cq.from(ApiKeyEntity.class);
        Predicate live = cb.or(statusPredicate(cb, key, ApiKeyStatus.ACTIVE, now),
                statusPredicate(cb, key, ApiKeyStatus.DISABLED, now));
        cq.select(key).where(cb.equal(key.get("realmId"), realm.getId()), owner.apply(cb, key), live);
        return orConflict(() -> em.createQuery(cq).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().size());
    }

    boolean hasSuccessor(String id) {
        return !em.createNamedQuery("ApiKey.successors", String.class).setParameter("id", id).getResultList().isEmpty();
    }

    /**
     * A revoke never loses a race: one conditional UPDATE that does not check the version but raises it, so that a
     * concurrent update of the same key is the one that fails (409), not the revoke.
     */
    @Override
    public StoredApiKey revoke(RealmModel realm, String id, String reason) {
        ApiKeyEntity entity = require(realm, id);
        em.createNamedQuery("ApiKey.revoke")
                .setParameter("id", id)
                .setParameter("now", Time.currentTimeMillis())
                .setParameter("reason", reason)
                .executeUpdate();
        em.refresh(entity);
        recordChange(realm.getId(), new ApiKeyHash(entity.getKeyHash()), entity.getVersion(), false);
        return ApiKeyEntityMapper.toStored(entity);
    }

    @Override
    public StoredApiKey disable(RealmModel realm, String id, String reason) {
        ApiKeyEntity entity = require(realm, id);
        entity.setEnabled(false);
        entity.setDisabledReason(reason);
        return changed(entity);
    }

    @Override
    public boolean delete(RealmModel realm, String id) {
        Optional<ApiKeyEntity> entity = entity(realm, id);
        entity.ifPresent(e -> {
            em.remove(e);
            recordChange(realm.getId(), new ApiKeyHash(e.getKeyHash()), null, false);
            flush();
        });
        return entity.isPresent();
    }

    StoredApiKey changed(ApiKeyEntity entity) {
        flush();
        recordChange(entity.getRealmId(), new ApiKeyHash(entity.getKeyHash()), entity.getVersion(), false);
        return ApiKeyEntityMapper.toStored(entity);
    }

    private void flush() {
        orConflict(() -> {
            em.flush();
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
    public List<StoredApiKey> lineage(RealmModel realm, String lineageId) {
        return em.createNamedQuery("ApiKey.byLineage", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("lineageId", lineageId)
                .getResultStream().map(ApiKeyEntityMapper::toStored).toList();
    }

    @Override
    public List<ExpiringKey> expiring(long nowMillis, long untilMillis) {
        return em.createNamedQuery("ApiKey.expiring", Object[].class)
                .setParameter("now", nowMillis)
                .setParameter("until", untilMillis)
                .getResultStream()
                .map(row -> new ExpiringKey((String) row[0], (String) row[1], (Long) row[2], (Integer) row[3]))
                .toList();
    }

    @Override
    public boolean claimExpiryNotice(String id, long expiresTimestamp, int days) {
        return em.createNamedQuery("ApiKey.claimExpiryNotice")
                .setParameter("id", id)
                .setParameter("expires", expiresTimestamp)
                .setParameter("days", days)
                .executeUpdate() == 1;
    }

    @Override
    public void releaseExpiryNotice(String id, int days, Integer previousDays) {
        em.createNamedQuery("ApiKey.releaseExpiryNotice")
                .setParameter("id", id)
                .setParameter("days", days)
                .setParameter("previous", previousDays)
                .executeUpdate();
    }

    /** A new expiry gets its own notices. */
    void resetExpiryNotice(String id) {
        em.createNamedQuery("ApiKey.resetExpiryNotice").setParameter("id", id).executeUpdate();
    }

    @Override
    public List<String> unusedSince(RealmModel realm, long cutoffMillis, long nowMillis) {
        return em.createNamedQuery("ApiKey.unusedSince", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("cutoff", cutoffMillis)
                .setParameter("now", nowMillis)
                .getResultList();
    }

    @Override
    public List<ApiKeyHash> deleteClientKeys(RealmModel realm, String clientUuid) {
        return deleteKeysOf(realm, "Client", "clientId", clientUuid);
    }

    @Override
    public List<ApiKeyHash> deleteUserKeys(RealmModel realm, String userId) {
        return deleteKeysOf(realm, "User", "userId", userId);
    }

    /** Deletes the realm's keys whose {@code field} is {@code owner}, by the named queries of that owner kind. */
    private List<ApiKeyHash> deleteKeysOf(RealmModel realm, String ownerQuery, String field, String owner) {
        List<ApiKeyHash> hashes = em.createNamedQuery("ApiKey.hashesBy" + ownerQuery, String.class)
                .setParameter("realmId", realm.getId())
                .setParameter(field, owner)
                .getResultStream().map(ApiKeyHash::new).toList();
        if (!hashes.isEmpty()) {
            em.createNamedQuery("ApiKey.deleteBy" + ownerQuery)
                    .setParameter("realmId", realm.getId())
                    .setParameter(field, owner)
                    .executeUpdate();
            hashes.forEach(hash -> recordChange(realm.getId(), hash, null, false));
        }
        return hashes;
    }

    @Override
    public void deleteRealmKeys(String realmId) {
        em.createNamedQuery("ApiKey.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
        recordChange(realmId, null, null, false);
        usage.deleteRealm(realmId);
    }

    @Override
    public UsageStore usage() {
        return usage;
    }

    @Override
    public void close() {
    }
}
