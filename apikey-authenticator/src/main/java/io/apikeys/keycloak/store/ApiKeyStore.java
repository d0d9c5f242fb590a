package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

import java.util.List;
import java.util.Optional;

/**
 * Where keys live: their rows and the queries on them, nothing else (what a node counts and serves is
 * {@code ApiKeyNodeServices}). Obtained with {@code session.getProvider(ApiKeyStore.class)}, which gives the caching
 * layer over the database. All methods are scoped to one realm: a key of another realm is never found.
 */
public interface ApiKeyStore extends Provider {

    /** Creates a key for a client with a service account; the result holds the full key, the only time it exists. */
    CreatedApiKey create(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy);

    /**
     * Creates a personal key of {@code user} whose tokens are minted for {@code client}, within the realm's
     * {@code personalKeys} policy; the result holds the full key, the only time it exists.
     */
    CreatedApiKey createPersonal(RealmModel realm, ClientModel client, UserModel user, ApiKeyDraft draft,
                                 String createdBy);

    /**
     * Finds the key with this hash (a presented key is parsed, and so hashed, once at the entry point). The returned
     * key may be in any status; callers decide what to accept.
     */
    Optional<StoredApiKey> findByHash(RealmModel realm, ApiKeyHash hash);

    /** Like {@link #findByHash}, but only among the keys this node holds in memory: never a database query. */
    default Optional<StoredApiKey> findInMemory(RealmModel realm, ApiKeyHash hash) {
        return Optional.empty();
    }

    /** The key with this id as stored now: what the admin and account APIs read and change. */
    Optional<StoredApiKey> findById(RealmModel realm, String id);

    /** The key with this id for a request that uses it (the key behind a token minted from it); may come from memory. */
    default Optional<StoredApiKey> findForUseById(RealmModel realm, String id) {
        return findById(realm, id);
    }

    List<StoredApiKey> search(RealmModel realm, ApiKeyQuery query);

    /** Replaces a key's changeable settings. */
    StoredApiKey update(RealmModel realm, String id, ApiKeyDraft draft);

    /** A new key with the same settings; the old one expires {@code gracePeriodSeconds} from now. */
    CreatedApiKey rotate(RealmModel realm, String id, long gracePeriodSeconds, String actor);

    /** Marks a key revoked (kept for audit) for {@code reason}; it stops working at once on every node. */
    StoredApiKey revoke(RealmModel realm, String id, String reason);

    /** Disables a key for {@code reason} (enabling it again is an ordinary update, which clears the reason). */
    StoredApiKey disable(RealmModel realm, String id, String reason);

    boolean delete(RealmModel realm, String id);

    /** Every key of a rotation chain (the first key's id is the lineage's), oldest first. */
    List<StoredApiKey> lineage(RealmModel realm, String lineageId);

    /**
     * The enabled, unrevoked keys of every realm that expire after {@code nowMillis} and by {@code untilMillis} and
     * were not replaced by a rotation: the candidates for an expiry notice.
     */
    List<ExpiringKey> expiring(long nowMillis, long untilMillis);

    /**
     * Claims the expiry notice for {@code days} before this expiry: true for the one caller (on any node) that
     * claimed it, false when it (or a smaller threshold's) was claimed already or the expiry changed meanwhile.
     */
    boolean claimExpiryNotice(String id, long expiresTimestamp, int days);

    /**
     * Gives back a claim of {@link #claimExpiryNotice} whose e-mail could not be sent to anyone, so that the next run
     * claims and sends it again: the notice goes back to {@code previousDays} (null: none yet), unless it changed since.
     */
    void releaseExpiryNotice(String id, int days, Integer previousDays);

    /**
     * The ids of the realm's active keys (enabled, unrevoked, unexpired) that nobody used since {@code cutoffMillis}:
     * created, last used and last enabled again before it.
     */
    List<String> unusedSince(RealmModel realm, long cutoffMillis, long nowMillis);

    /** Deletes every key of a client that is being removed; the hashes of the deleted keys, for caches to forget. */
    List<ApiKeyHash> deleteClientKeys(RealmModel realm, String clientUuid);

    /** Deletes every personal key of a user who is being removed; the hashes of the deleted keys. */
    List<ApiKeyHash> deleteUserKeys(RealmModel realm, String userId);

    /** Deletes every key and usage row of a realm that is being removed. */
    void deleteRealmKeys(String realmId);

    /**
     * The changes committed with a time at or after {@code fromMillis}, in every realm: how a node that missed a
     * cluster message (or shares only the database) learns of new, changed and deleted keys.
     */
    List<KeyChange> changesSince(long fromMillis);

    /** Deletes the changes older than {@code beforeMillis}; the number deleted. */
    int pruneChanges(long beforeMillis);

    /** The usage rows and last uses of the keys. */
    UsageStore usage();
}
