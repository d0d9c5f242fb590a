package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Set;

/**
 * What a request of either REST API may reach, with {@link KeyGuard}'s rules applied: one key by id, a client it
 * names, or the clients a listing covers. Shared by the key operations and the usage API.
 */
final class AccessibleKeys {

    /** A key the caller may touch, with its client. */
    record Target(StoredApiKey key, ClientModel client) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyStore store;
    private final KeyPermissions<ClientModel> permissions;
    private final KeyGuard<ClientModel> guard;

    AccessibleKeys(KeycloakSession session, RealmModel realm, ApiKeyStore store, KeyPermissions<ClientModel> permissions) {
        this.session = session;
        this.realm = realm;
        this.store = store;
        this.permissions = permissions;
        this.guard = new KeyGuard<>(permissions, realm::getClientByClientId);
    }

    /** The key {@code id} if the caller has {@code needed} on it; else not found or forbidden, as the guard says. */
    Target key(String id, KeyAccess needed) {
        StoredApiKey key = store.findById(realm, id).orElseThrow(() -> new ApiKeyNotFoundException());
        ClientModel client = realm.getClientById(key.clientUuid());
        if (key.personal()) {
            UserModel user = session.users().getUserById(realm, key.userId());
            if (client == null || user == null) {
                throw new ApiKeyNotFoundException();
            }
            requireOnUser(user, needed);
            return new Target(key, client);
        }
        guard.key(id, client, needed);
        return new Target(key, client);
    }

    /**
     * The user {@code userId} if the caller has {@code needed} on their personal keys: an unknown user is a 400 for
     * callers who may list users, refused like a user without rights for everyone else.
     */
    UserModel user(String userId, KeyAccess needed) {
        UserModel user = userId == null || userId.isBlank() ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            if (!permissions.mayListUsers()) {
                throw permissions.forbidden();
            }
            throw new ApiKeyValidationException("unknown_user", "user '" + userId + "' does not exist");
        }
        requireOnUser(user, needed);
        return user;
    }

    /** Personal keys follow the rights on their user; hidden (404) where the API hides what the caller cannot view. */
    private void requireOnUser(UserModel user, KeyAccess needed) {
        boolean holds = switch (needed) {
            case MANAGE -> permissions.canManageUserKeys(user);
            case VIEW -> permissions.canViewUserKeys(user);
            case NONE -> true;
        };
        if (!holds) {
            if (permissions.hidesKeysItCannotView() && !permissions.canViewUserKeys(user)) {
                throw new ApiKeyNotFoundException();
            }
            throw permissions.forbidden();
        }
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
