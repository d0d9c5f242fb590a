package io.apikeys.keycloak.policy;

import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The admin roles a key's service account holds that the key's restrictions could not take away.
 * <p>
 * Keycloak's admin API authorises a bearer token from the service account's role mappings, never from the roles in
 * the token. A key narrowed to {@code orders-reader} would still administer the realm if its service account held
 * {@code manage-clients}. So a key with any restriction must list every admin role its service account holds
 * (directly, through a group or a composite role); otherwise the restriction is one Keycloak cannot enforce.
 */
public final class AdminRoleExposure {

    private AdminRoleExposure() {
    }

    /** Whether the key narrows anything a token could carry (its roles, scopes or audiences). */
    public static boolean restricts(Collection<String> roles, Collection<String> scopes, Collection<String> audiences) {
        return !roles.isEmpty() || !scopes.isEmpty() || !audiences.isEmpty();
    }

    /** The admin roles ({@code clientId/name} or realm role name) the service account holds, sorted. */
    public static List<String> held(KeycloakSession session, RealmModel realm, UserModel serviceAccount) {
        return adminRoles(session, realm, RoleUtils.getDeepUserRoleMappings(serviceAccount)).stream()
                .map(AdminRoleExposure::name).sorted().toList();
    }

    /**
     * The admin roles the service account holds that {@code keyRoles} (expanded through composites) do not cover;
     * empty when the key's restrictions are enforceable.
     */
    public static List<String> uncovered(KeycloakSession session, RealmModel realm, UserModel serviceAccount,
                                         Collection<String> keyRoles) {
        Set<RoleModel> held = adminRoles(session, realm, RoleUtils.getDeepUserRoleMappings(serviceAccount));
        if (held.isEmpty()) {
            return List.of();
        }
        held.removeAll(expand(realm, keyRoles));
        return held.stream().map(AdminRoleExposure::name).sorted().toList();
    }

    /** The roles a key's {@code roles} stand for, composites expanded; unknown names are skipped. */
    public static Set<RoleModel> expand(RealmModel realm, Collection<String> keyRoles) {
        Set<RoleModel> roles = new HashSet<>();
        keyRoles.stream().map(role -> RoleNames.resolve(realm, role)).filter(Objects::nonNull).forEach(roles::add);
        return RoleUtils.expandCompositeRoles(roles);
    }

    private static Set<RoleModel> adminRoles(KeycloakSession session, RealmModel realm, Set<RoleModel> roles) {
        Set<RoleModel> admin = new HashSet<>();
        for (RoleModel role : roles) {
            if (isAdminRole(session, realm, role)) {
                admin.add(role);
            }
        }
        return admin;
    }

    /**
     * {@code realm-management} client roles; in the admin (master) realm also the {@code <realm>-realm} clients'
     * roles and the realm roles {@code admin} and {@code create-realm}.
     */
    private static boolean isAdminRole(KeycloakSession session, RealmModel realm, RoleModel role) {
        boolean adminRealm = Config.getAdminRealm().equals(realm.getName());
        if (!role.isClientRole()) {
            return adminRealm && (AdminRoles.ADMIN.equals(role.getName()) || AdminRoles.CREATE_REALM.equals(role.getName()));
        }
        if (!(role.getContainer() instanceof ClientModel client)) {
            return false;
        }
        if (!adminRealm) {
            return Constants.REALM_MANAGEMENT_CLIENT_ID.equals(client.getClientId());
        }
        String clientId = client.getClientId();
        if (!clientId.endsWith("-realm")) {
            return false;
        }
        RealmModel managed = session.realms().getRealmByName(clientId.substring(0, clientId.length() - "-realm".length()));
        return managed != null && managed.getMasterAdminClient() != null
                && client.getId().equals(managed.getMasterAdminClient().getId());
    }

    private static String name(RoleModel role) {
        return role.getContainer() instanceof ClientModel client ? client.getClientId() + "/" + role.getName() : role.getName();
    }
}
