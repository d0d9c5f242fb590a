package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import java.util.Set;

/**
 * What a request of either REST API may reach, with {@link KeyGuard}'s rules applied: one key by id, a client it
 * names, or the clients a listing covers. Shared by the key operations and the usage API.
 */
final class AccessibleKeys {

    /** A key the caller may touch, with its client. */
    record Target(StoredApiKey key, ClientModel client) {
    }

    private final RealmModel realm;
    private final ApiKeyStore store;
    private final KeyPermissions<ClientModel> permissions;
    private final KeyGuard<ClientModel> guard;

    AccessibleKeys(RealmModel realm, ApiKeyStore store, KeyPermissions<ClientModel> permissions) {
        this.realm = realm;
        this.store = store;
        this.permissions = permissions;
        this.guard = new KeyGuard<>(permissions, realm::getClientByClientId);
    }

    /** The key {@code id} if the caller has {@code needed} on it; else not found or forbidden, as the guard says. */
    Target key(String id, KeyAccess needed) {
        StoredApiKey key = store.findById(realm, id).orElseThrow(() -> new ApiKeyNotFoundException());
        ClientModel client = realm.getClientById(key.clientUuid());
        guard.key(id, client, needed);
        return new Target(key, client);
    }

    /** The client {@code clientId} if the caller has {@code needed} on its keys. */
    ClientModel client(String clientId, KeyAccess needed) {
        return guard.client(clientId, needed);
    }

    /** The internal ids of the clients a listing reads: {@code clientId} (if given and viewable) or every visible one. */
    Set<String> clientsToRead(String clientId) {
        return clientId == null || clientId.isBlank()
                ? permissions.visibleClientIds()
                : Set.of(guard.client(clientId, KeyAccess.VIEW).getId());
    }
}
