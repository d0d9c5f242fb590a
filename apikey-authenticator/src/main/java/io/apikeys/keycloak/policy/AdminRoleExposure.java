package io.apikeys.keycloak.policy;

import org.keycloak.Config;
import org.keycloak.authorization.AuthorizationProvider;
import org.keycloak.authorization.common.DefaultEvaluationContext;
import org.keycloak.authorization.identity.UserModelIdentity;
import org.keycloak.authorization.model.Policy;
import org.keycloak.authorization.model.Resource;
import org.keycloak.authorization.model.ResourceServer;
import org.keycloak.authorization.permission.ResourcePermission;
import org.keycloak.authorization.policy.evaluation.DecisionPermissionCollector;
import org.keycloak.authorization.policy.evaluation.EvaluationContext;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The admin roles a key's service account holds that the key's restrictions could not take away.
 * <p>
 * Keycloak's admin API authorises a bearer token from the service account's role mappings, never from the roles in
 * the token. A key narrowed to {@code orders-reader} would still administer the realm if its service account held
 * {@code manage-clients}. So a key with any restriction must list every admin role its service account holds
 * (directly, through a group or a composite role); otherwise the restriction is one Keycloak cannot enforce.
 * Fine-grained admin permissions (v2) that grant the service account anything count the same way, and since no key
 * can list a permission, a restricted key of such a service account is never enforceable.
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
                .map(RoleNames::of).sorted().toList();
    }

    /**
     * The admin roles the service account holds that {@code keyRoles} (expanded through composites) do not cover;
     * empty when the key's restrictions are enforceable.
     */
    public static List<String> uncovered(KeycloakSession session, RealmModel realm, UserModel serviceAccount,
                                         Collection<String> keyRoles) {
        return uncoveredBy(session, realm, serviceAccount, () -> expand(realm, keyRoles));
    }

    /**
     * The admin roles the service account holds that {@code holder} (a user) does not hold, directly, through a group
     * or a composite; empty when whoever holds the service account's key can do nothing on the admin API that the
     * holder cannot do already.
     */
    public static List<String> notHeldBy(KeycloakSession session, RealmModel realm, UserModel serviceAccount,
                                         Set<RoleModel> holderRoles) {
        return uncoveredBy(session, realm, serviceAccount, () -> RoleUtils.expandCompositeRoles(holderRoles));
    }

    private static List<String> uncoveredBy(KeycloakSession session, RealmModel realm, UserModel serviceAccount,
                                            Supplier<Set<RoleModel>> covering) {
        Set<RoleModel> held = adminRoles(session, realm, RoleUtils.getDeepUserRoleMappings(serviceAccount));
        if (held.isEmpty()) {
            return List.of();
        }
        held.removeAll(covering.get());
        return held.stream().map(RoleNames::of).sorted().toList();
    }

    /**
     * What the realm's fine-grained admin permissions grant the service account ({@code resource: scopes}, sorted),
     * as Keycloak's own policy evaluation decides for that user; empty when the realm has them switched off.
     */
    public static List<String> permissions(KeycloakSession session, RealmModel realm, UserModel serviceAccount) {
        ClientModel permissionsClient = realm.isAdminPermissionsEnabled() ? realm.getAdminPermissionsClient() : null;
        if (permissionsClient == null) {
            return List.of();
        }
        AuthorizationProvider authz = session.getProvider(AuthorizationProvider.class);
        ResourceServer server = authz.getStoreFactory().getResourceServerStore().findByClient(permissionsClient);
        if (server == null) {
            return List.of();
        }
        // Each resource type (Users, Clients, ...) and every resource a permission of that type names; a named
        // resource carries no type of its own, so it is asked for with its permission's type, as Keycloak does.
        Map<String, ResourcePermission> asked = new LinkedHashMap<>();
        for (Resource type : authz.getStoreFactory().getResourceStore().findByResourceServer(server)) {
            if (type.getType() == null) {
                continue;
            }
            asked.put(type.getId(), new ResourcePermission(type.getType(), type, type.getScopes(), server));
            for (Policy permission : authz.getStoreFactory().getPolicyStore().findByResourceType(server, type.getType())) {
                for (Resource named : permission.getResources()) {
                    asked.putIfAbsent(named.getId(), new ResourcePermission(type.getType(), named, named.getScopes(), server));
                }
            }
        }
        if (asked.isEmpty()) {
            return List.of();
        }
        EvaluationContext context = new DefaultEvaluationContext(new UserModelIdentity(realm, serviceAccount), session);
        return authz.evaluators().from(asked.values(), server, context)
                .getDecision(server, null, DecisionPermissionCollector.class).results().stream()
                .filter(granted -> granted.getScopes() != null && !granted.getScopes().isEmpty())
                .map(granted -> granted.getResourceName() + ": " + String.join(" ", new TreeSet<>(granted.getScopes())))
                .sorted().toList();
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
}
