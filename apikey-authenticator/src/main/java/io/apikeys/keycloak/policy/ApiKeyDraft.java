package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;

import java.util.List;
import java.util.Map;

/**
 * The changeable settings of a key, as an admin asks for them on create or update ({@code selfRotation}: the key may
 * rotate itself; {@code contacts}: e-mail addresses told about its expiry and automatic actions). The store validates a draft
 * against the realm's policy before anything is written.
 */
public record ApiKeyDraft(
        String name,
        String description,
        boolean enabled,
        Long expiresTimestamp,
        List<String> scopes,
        List<String> roles,
        List<String> audiences,
        List<String> allowedIps,
        RateLimit rateLimit,
        Quota quota,
        Integer tokenLifespanSeconds,
        Map<String, String> attributes,
        boolean selfRotation,
        List<String> contacts) {

    public ApiKeyDraft {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        roles = roles == null ? List.of() : List.copyOf(roles);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    /** The same settings with another expiry (a successor's, on rotation). */
    public ApiKeyDraft withExpiresTimestamp(Long expires) {
        return new ApiKeyDraft(name, description, enabled, expires, scopes, roles, audiences, allowedIps, rateLimit,
                quota, tokenLifespanSeconds, attributes, selfRotation, contacts);
    }
}
