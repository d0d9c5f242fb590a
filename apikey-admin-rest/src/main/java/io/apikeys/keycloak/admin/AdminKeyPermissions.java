package io.apikeys.keycloak.admin;

import io.apikeys.keycloak.rest.KeyPermissions;
import jakarta.ws.rs.ForbiddenException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Key rights of a realm administrator: view or manage rights on the key's client, as Keycloak's admin permissions
 * (fine-grained ones included) decide them. Refusals are Keycloak's own 403, as its admin API answers them.
 */
record AdminKeyPermissions(RealmModel realm, AdminPermissionEvaluator auth) implements KeyPermissions<ClientModel> {

    @Override
    public boolean canView(ClientModel client) {
        return auth.clients().canView(client);
    }

    @Override
    public boolean canManage(ClientModel client) {
        return auth.clients().canManage(client);
    }

    /** Every client: one without a service account is reported by the store (400) to whoever may manage it. */
    @Override
    public boolean admits(ClientModel client) {
        return true;
    }

    @Override
    public boolean mayListClients() {
        return auth.clients().canList();
    }

    /** Like Keycloak's admin API, which answers 403 for objects an admin may not view. */
    @Override
    public boolean hidesKeysItCannotView() {
        return false;
    }

    @Override
    public Set<String> visibleClientIds() {
        if (auth.clients().canView()) {
            return null;
        }
        Set<String> visible = realm.getClientsStream().filter(auth.clients()::canView)
                .map(ClientModel::getId).collect(Collectors.toSet());
        // Without any client rights, the caller learns nothing, not even that there are no keys.
        if (visible.isEmpty() && !auth.clients().canList()) {
            throw forbidden();
        }
        return visible;
    }

    /** Personal keys are the user's: Keycloak's user permissions decide (view-users, manage-users, fine-grained). */
    @Override
    public boolean canViewUserKeys(UserModel user) {
        return auth.users().canView(user);
    }

    @Override
    public boolean canManageUserKeys(UserModel user) {
        return auth.users().canManage(user);
    }

    @Override
    public boolean mayListUsers() {
        return auth.users().canView();
    }

    @Override
    public RuntimeException forbidden() {
        return new ForbiddenException();
    }
}
