package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.ApiKey;

/** A freshly created key: the stored snapshot plus the full key, which exists only in this object. */
public record CreatedApiKey(StoredApiKey stored, ApiKey key) {
}
