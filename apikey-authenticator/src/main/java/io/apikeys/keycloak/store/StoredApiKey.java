package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.AllowedIps;
import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.key.RateLimit;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of a stored key: what the lookup cache holds and what every entry point reads. It has the
 * hash (for cache eviction) but never the key.
 *
 * @param clientUuid Keycloak's internal id of the key's client
 */
public record StoredApiKey(
        String id,
        int version,
        String realmId,
        String clientUuid,
        String keyHash,
        String start,
        String name,
        String description,
        boolean enabled,
        List<String> scopes,
        List<String> roles,
        List<String> audiences,
        AllowedIps allowedIps,
        RateLimit rateLimit,
        Integer tokenLifespanSeconds,
        Map<String, String> attributes,
        long createdTimestamp,
        String createdBy,
        Long expiresTimestamp,
        Long lastUsedTimestamp,
        String lastUsedIp,
        Long revokedTimestamp,
        String rotatedFromId) {

    public StoredApiKey {
        scopes = List.copyOf(scopes);
        roles = List.copyOf(roles);
        audiences = List.copyOf(audiences);
        attributes = Map.copyOf(attributes);
    }

    public ApiKeyStatus status(long nowMillis) {
        return ApiKeyStatus.of(enabled, expiresTimestamp, revokedTimestamp, nowMillis);
    }

    public StoredApiKey withLastUse(Long timestamp, String ip) {
        return new StoredApiKey(id, version, realmId, clientUuid, keyHash, start, name, description, enabled, scopes,
                roles, audiences, allowedIps, rateLimit, tokenLifespanSeconds, attributes, createdTimestamp, createdBy,
                expiresTimestamp, timestamp, ip, revokedTimestamp, rotatedFromId);
    }
}
