package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.store.ApiKeyQuery;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.ExpiringKey;
import io.apikeys.keycloak.store.KeyChange;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.UsageStore;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Optional;

/**
 * The store every caller gets: the database store ({@code delegate}) behind this node's {@link ApiKeyLookupCache},
 * as Keycloak's {@code RealmCacheSession} wraps its JPA realm provider. Lookups for a use read through the cache;
 * reads for the admin and account APIs go to the database; every change is announced to every node once its
 * transaction commits ({@link ApiKeyCacheCoordinator}).
 */
public final class CachingApiKeyStore implements ApiKeyStore {

    private final KeycloakSession session;
    private final ApiKeyStore delegate;
    private final ApiKeyLookupCache cache;
    private final ApiKeyCacheCoordinator coordinator;

    public CachingApiKeyStore(KeycloakSession session, ApiKeyStore delegate, ApiKeyLookupCache cache,
                              ApiKeyCacheCoordinator coordinator) {
        this.session = session;
        this.delegate = delegate;
        this.cache = cache;
        this.coordinator = coordinator;
    }

    @Override
    public Optional<StoredApiKey> findByHash(RealmModel realm, ApiKeyHash hash) {
        return cache.getOrLoad(realm.getId(), hash, () -> delegate.findByHash(realm, hash));
    }

    @Override
    public Optional<StoredApiKey> findInMemory(RealmModel realm, ApiKeyHash hash) {
        return cache.getIfPresent(realm.getId(), hash);
    }

    @Override
    public Optional<StoredApiKey> findForUseById(RealmModel realm, String id) {
        return cache.getOrLoadById(realm.getId(), id, () -> delegate.findById(realm, id));
    }

    @Override
    public Optional<StoredApiKey> findById(RealmModel realm, String id) {
        return delegate.findById(realm, id);
    }

    @Override
    public List<StoredApiKey> search(RealmModel realm, ApiKeyQuery query) {
        return delegate.search(realm, query);
    }

    @Override
    public CreatedApiKey create(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy) {
        return announced(delegate.create(realm, client, draft, createdBy));
    }

    @Override
    public CreatedApiKey createPersonal(RealmModel realm, ClientModel client, UserModel user, ApiKeyDraft draft,
                                        String createdBy) {
        return announced(delegate.createPersonal(realm, client, user, draft, createdBy));
    }

    @Override
    public StoredApiKey update(RealmModel realm, String id, ApiKeyDraft draft) {
        return forgotten(delegate.update(realm, id, draft));
    }

    /** The replaced key is read first (the database store finds it again in the transaction's memory). */
    @Override
    public CreatedApiKey rotate(RealmModel realm, String id, long gracePeriodSeconds, String actor) {
        Optional<StoredApiKey> replaced = delegate.findById(realm, id);
        CreatedApiKey successor = delegate.rotate(realm, id, gracePeriodSeconds, actor);
        replaced.ifPresent(this::forgotten);
        return announced(successor);
    }

    @Override
    public StoredApiKey revoke(RealmModel realm, String id, String reason) {
        return forgotten(delegate.revoke(realm, id, reason));
    }

    @Override
    public StoredApiKey disable(RealmModel realm, String id, String reason) {
        return forgotten(delegate.disable(realm, id, reason));
    }

    @Override
    public boolean delete(RealmModel realm, String id) {
        Optional<StoredApiKey> deleted = delegate.findById(realm, id);
        boolean done = delegate.delete(realm, id);
        deleted.ifPresent(this::forgotten);
        return done;
    }

    @Override
    public List<StoredApiKey> lineage(RealmModel realm, String lineageId) {
        return delegate.lineage(realm, lineageId);
    }

    @Override
    public List<ApiKeyHash> deleteClientKeys(RealmModel realm, String clientUuid) {
        return forgottenHashes(realm, delegate.deleteClientKeys(realm, clientUuid));
    }

    private List<ApiKeyHash> forgottenHashes(RealmModel realm, List<ApiKeyHash> hashes) {
        if (!hashes.isEmpty()) {
            coordinator.afterCommit(session, ApiKeyCacheInvalidationEvent.keys(realm.getId(), hashes));
        }
        return hashes;
    }

    @Override
    public List<ApiKeyHash> deleteUserKeys(RealmModel realm, String userId) {
        return forgottenHashes(realm, delegate.deleteUserKeys(realm, userId));
    }

    @Override
    public void deleteRealmKeys(String realmId) {
        delegate.deleteRealmKeys(realmId);
        coordinator.afterCommit(session, ApiKeyCacheInvalidationEvent.realm(realmId));
    }

    @Override
    public List<ExpiringKey> expiring(long nowMillis, long untilMillis) {
        return delegate.expiring(nowMillis, untilMillis);
    }

    @Override
    public boolean claimExpiryNotice(String id, long expiresTimestamp, int days) {
        return delegate.claimExpiryNotice(id, expiresTimestamp, days);
    }

    @Override
    public void releaseExpiryNotice(String id, int days, Integer previousDays) {
        delegate.releaseExpiryNotice(id, days, previousDays);
    }

    @Override
    public List<String> unusedSince(RealmModel realm, long cutoffMillis, long nowMillis) {
        return delegate.unusedSince(realm, cutoffMillis, nowMillis);
    }

    @Override
    public List<KeyChange> changesSince(long fromMillis) {
        return delegate.changesSince(fromMillis);
    }

    @Override
    public int pruneChanges(long beforeMillis) {
        return delegate.pruneChanges(beforeMillis);
    }

    @Override
    public UsageStore usage() {
        return delegate.usage();
    }

    private CreatedApiKey announced(CreatedApiKey created) {
        StoredApiKey key = created.stored();
        coordinator.keyCreated(session, ApiKeyCacheInvalidationEvent.created(key.realmId(), key.keyHash()));
        return created;
    }

    /** Once the transaction commits, every node forgets this key. */
    private StoredApiKey forgotten(StoredApiKey key) {
        coordinator.afterCommit(session, ApiKeyCacheInvalidationEvent.keys(key.realmId(), List.of(key.keyHash())));
        return key;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
