package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.AllowedIps;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.policy.ApiKeyDraft;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of a stored key: what the lookup cache holds and what every entry point reads. It has the
 * hash (for cache eviction) but never the key.
 *
 * @param clientUuid Keycloak's internal id of the key's client
 * @param lineageId  the id of the first key of a rotation chain, shared by every key rotated from it: their quota
 *                   is counted once, for the chain
 * @param revokedReason  {@code ADMIN} or {@code LEAKED} for a revoked key, else null
 * @param disabledReason {@code LEAKED} or {@code UNUSED} when it was disabled automatically, else null
 * @param contacts       e-mail addresses told about its expiry and about what happens to it automatically
 * @param userId         the user of a personal key, whose tokens are minted for the client; null for a key of the
 *                       client's service account
 */
public record StoredApiKey(
        String id,
        int version,
        String realmId,
        String clientUuid,
        ApiKeyHash keyHash,
        String start,
        String name,
        String description,
        boolean enabled,
        List<String> scopes,
        List<String> roles,
        List<String> audiences,
        AllowedIps allowedIps,
        RateLimit rateLimit,
        Quota quota,
        Integer tokenLifespanSeconds,
        Map<String, String> attributes,
        long createdTimestamp,
        String createdBy,
        Long expiresTimestamp,
        Long lastUsedTimestamp,
        String lastUsedIp,
        Long revokedTimestamp,
        String rotatedFromId,
        String lineageId,
        String revokedReason,
        String disabledReason,
        boolean selfRotation,
        List<String> contacts,
        String userId) {

    /** {@link #revokedReason}: revoked through the admin or account API. */
    public static final String BY_ADMIN = "ADMIN";
    /** {@link #revokedReason} or {@link #disabledReason}: reported as leaked (GitHub secret scanning, anyone). */
    public static final String LEAKED = "LEAKED";
    /** {@link #revokedReason}: a rotated key rotated itself again, so its whole chain was revoked. */
    public static final String REUSED = "REUSED";
    /** {@link #disabledReason}: nobody used it for the realm's {@code disableUnusedAfterDays}. */
    public static final String UNUSED = "UNUSED";

    public StoredApiKey {
        scopes = List.copyOf(scopes);
        roles = List.copyOf(roles);
        audiences = List.copyOf(audiences);
        attributes = Map.copyOf(attributes);
        contacts = List.copyOf(contacts);
    }

    /** A key of a user rather than of its client's service account. */
    public boolean personal() {
        return userId != null;
    }

    public ApiKeyStatus status(long nowMillis) {
        return ApiKeyStatus.of(enabled, expiresTimestamp, revokedTimestamp, nowMillis);
    }

    /** The draft that reproduces this key's settings, the starting point of an update or a rotation. */
    public ApiKeyDraft toDraft() {
        return new ApiKeyDraft(name, description, enabled, expiresTimestamp, scopes, roles, audiences,
                allowedIps.asStrings(), rateLimit, quota, tokenLifespanSeconds, attributes, selfRotation, contacts);
    }
}
