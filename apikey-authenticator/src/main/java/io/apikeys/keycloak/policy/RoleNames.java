package io.apikeys.keycloak.policy;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/** Role names as keys hold them: a realm role's {@code name}, or {@code clientId/name} for a client role. */
public final class RoleNames {

    private RoleNames() {
    }

    /** The role a name stands for, or null. A client role wins over a realm role whose name contains '/'. */
    public static RoleModel resolve(RealmModel realm, String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            ClientModel client = realm.getClientByClientId(name.substring(0, slash));
            if (client != null) {
                RoleModel role = client.getRole(name.substring(slash + 1));
                if (role != null) {
                    return role;
                }
            }
        }
        return realm.getRole(name);
    }

    /** The name a key holds for this role. */
    public static String of(RoleModel role) {
        return role.getContainer() instanceof ClientModel client ? client.getClientId() + "/" + role.getName() : role.getName();
    }
}
