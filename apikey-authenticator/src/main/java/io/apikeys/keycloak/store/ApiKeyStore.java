package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.limit.KeyUseLimits;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.usage.DailyKeyUsage;
import io.apikeys.keycloak.usage.UsageBucket;
import io.apikeys.keycloak.usage.UsageMeter;
import io.apikeys.keycloak.usage.UsageRange;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where keys live. Every entry point (admin REST, account REST, client authenticator, token exchange,
 * introspection) goes through this provider, obtained with {@code session.getProvider(ApiKeyStore.class)}.
 * All methods are scoped to one realm: a key of another realm is never found.
 */
public interface ApiKeyStore extends Provider {

    /** Creates a key for a client with a service account; the result holds the full key, the only time it exists. */
    CreatedApiKey create(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy);

    /**
     * Finds the key with this hash (a presented key is parsed, and so hashed, once at the entry point). Verified
     * keys come from memory; hashes no stored key has are refused from memory too, and unknown ones are remembered
     * as such. The returned key may be in any status; callers decide what to accept.
     */
    Optional<StoredApiKey> findByHash(RealmModel realm, ApiKeyHash hash);

    /** Like {@link #findByHash}, but only among the keys this node holds in memory: never a database query. */
    Optional<StoredApiKey> findInMemory(RealmModel realm, ApiKeyHash hash);

    /** The key with this id as stored now: what the admin and account APIs read and change. */
    Optional<StoredApiKey> findById(RealmModel realm, String id);

    /**
     * The key with this id for a request that uses it (the key behind a token minted from it): from this node's
     * memory when it holds the key, else from the database, and then kept, as {@link #findByHash} does.
     */
    Optional<StoredApiKey> findForUseById(RealmModel realm, String id);

    List<StoredApiKey> search(RealmModel realm, ApiKeyQuery query);

    /** Replaces a key's changeable settings. */
    StoredApiKey update(RealmModel realm, String id, ApiKeyDraft draft);

    /** A new key with the same settings; the old one expires {@code gracePeriodSeconds} from now. */
    CreatedApiKey rotate(RealmModel realm, String id, long gracePeriodSeconds, String actor);

    /** Marks a key revoked (kept for audit); it stops working at once on every node. */
    StoredApiKey revoke(RealmModel realm, String id);

    boolean delete(RealmModel realm, String id);

    /** Remembers a successful use; written to the database in batches, never on the request path. */
    void recordUse(StoredApiKey key, String remoteAddress);

    RealmApiKeySettings settings(RealmModel realm);

    /** This node's counters of key uses (rate limits) and of failed uses per address (throttle). */
    KeyUseLimits limits();

    /** Changes the realm's policy; a changed {@code usageRetentionDays} prunes the realm's usage soon after. */
    void updateSettings(RealmModel realm, RealmApiKeySettings settings);

    /**
     * This node's count of key uses, per key and hour; written to the database in batches with the last uses,
     * never on the request path.
     */
    UsageMeter meter();

    /** This node's metrics (served by Keycloak's {@code /metrics} when metrics are enabled). */
    ApiKeyMetrics metrics();

    /**
     * The stored usage of one key of this realm in {@code range}: the buckets of its granularity that have any
     * use, oldest first. Counts of this and other nodes not yet flushed are not included.
     */
    List<UsageBucket> usage(RealmModel realm, String keyId, UsageRange range);

    /**
     * The stored usage per key and UTC day in {@code range}, of the keys of these clients (internal ids; null for
     * every client of the realm, those removed since included), deleted keys included, ordered by day, client and
     * key name.
     */
    List<DailyKeyUsage> dailyUsage(RealmModel realm, Set<String> clientUuids, UsageRange range);
}
