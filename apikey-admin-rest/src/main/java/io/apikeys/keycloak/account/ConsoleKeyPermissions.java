package io.apikeys.keycloak.account;

import io.apikeys.keycloak.rest.KeyPermissions;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Key rights of a console user, from the role rules of {@link ConsoleCaller}. Only clients with a service account
 * count; keys of clients the user cannot see do not exist for them (404), and a view-only user is refused (403).
 */
record ConsoleKeyPermissions(ConsoleCaller caller) implements KeyPermissions<ClientModel> {

    @Override
    public boolean canView(ClientModel client) {
        return caller.access(client).canView();
    }

    @Override
    public boolean canManage(ClientModel client) {
        return caller.access(client).canManage();
    }

    @Override
    public boolean admits(ClientModel client) {
        return client.isServiceAccountsEnabled();
    }

    @Override
    public boolean mayListClients() {
        return caller.mayListClients();
    }

    @Override
    public boolean hidesKeysItCannotView() {
        return true;
    }

    @Override
    public Set<String> visibleClientIds() {
        return caller.visibleClients().map(ClientModel::getId).collect(Collectors.toSet());
    }

    /** A person's own personal keys, and nobody else's. */
    @Override
    public boolean canViewUserKeys(UserModel user) {
        return caller.ownKeys(user).canView();
    }

    @Override
    public boolean canManageUserKeys(UserModel user) {
        return caller.ownKeys(user).canManage();
    }

    @Override
    public RuntimeException forbidden() {
        return new ErrorResponseException("forbidden", "no rights on the API keys of this client",
                Response.Status.FORBIDDEN);
    }
}
