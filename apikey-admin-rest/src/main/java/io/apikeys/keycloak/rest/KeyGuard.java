package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;

import java.util.function.Function;

/**
 * The access rules of both REST APIs, applied to the answers of one {@link KeyPermissions}: which client a request
 * may name, and which key it may touch.
 *
 * @param <C> the client type, see {@link KeyPermissions}
 */
public final class KeyGuard<C> {

    private final KeyPermissions<C> permissions;
    private final Function<String, C> clientsByClientId;

    /** @param clientsByClientId the realm's client of that {@code clientId}, or null */
    public KeyGuard(KeyPermissions<C> permissions, Function<String, C> clientsByClientId) {
        this.permissions = permissions;
        this.clientsByClientId = clientsByClientId;
    }

    /** The client a create request or a filtered listing names, if the caller has {@code needed} on its keys. */
    public C client(String clientId, KeyAccess needed) {
        if (clientId == null || clientId.isBlank()) {
            throw new ApiKeyValidationException("invalid_request", "clientId is required");
        }
        C client = clientsByClientId.apply(clientId);
        if (client == null || !permissions.admits(client)) {
            // Only those who may list clients learn why; to anyone else an unknown and a foreign client look alike.
            if (!permissions.mayListClients()) {
                throw permissions.forbidden();
            }
            throw client == null
                    ? new ApiKeyValidationException("unknown_client", "client '" + clientId + "' does not exist")
                    : new ApiKeyValidationException("service_account_required",
                            "client '" + clientId + "' is not a confidential client with a service account");
        }
        if (!holds(client, needed)) {
            throw permissions.forbidden();
        }
        return client;
    }

    /**
     * Checks that the caller has {@code needed} on the key {@code id}, whose client is {@code client} (null if the
     * client is gone: then the key is not found).
     */
    public void key(String id, C client, KeyAccess needed) {
        if (client == null) {
            throw new ApiKeyNotFoundException();
        }
        if (holds(client, needed)) {
            return;
        }
        // Where the API hides them, keys of clients the caller cannot see do not exist for the caller.
        if (permissions.hidesKeysItCannotView() && !permissions.canView(client)) {
            throw new ApiKeyNotFoundException();
        }
        throw permissions.forbidden();
    }

    private boolean holds(C client, KeyAccess needed) {
        return switch (needed) {
            case MANAGE -> permissions.canManage(client);
            case VIEW -> permissions.canView(client);
            case NONE -> true;
        };
    }
}
