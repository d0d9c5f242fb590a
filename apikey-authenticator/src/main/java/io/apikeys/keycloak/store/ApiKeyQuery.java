package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.ApiKeyStatus;

import java.util.Set;

/**
 * Filters and paging of a key listing, newest first.
 *
 * @param clientUuids when not null, only keys of these clients (internal ids)
 * @param status      when not null, only keys in this state
 * @param search      when not null, a case-insensitive substring of name, description or start
 * @param userId      when not null, the personal keys of this user; when null, only keys of service accounts
 */
public record ApiKeyQuery(Set<String> clientUuids, ApiKeyStatus status, String search, int first, int max,
                          String userId) {

    /** Keys of service accounts. */
    public ApiKeyQuery(Set<String> clientUuids, ApiKeyStatus status, String search, int first, int max) {
        this(clientUuids, status, search, first, max, null);
    }

    public static final int DEFAULT_MAX = 100;
}
