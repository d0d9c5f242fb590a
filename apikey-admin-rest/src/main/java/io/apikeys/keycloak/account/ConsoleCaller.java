package io.apikeys.keycloak.account;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The user behind a request to the account REST extension, and what they may do with whose keys. The rules are
 * decided here, on the server, from the user's role mappings (groups and composites included), never by the page:
 * <ul>
 *   <li>{@code manage-clients} of the realm's management client: every client with a service account, manage;</li>
 *   <li>client role {@value #KEY_MANAGER_ROLE} on a client with a service account: manage that client's keys;</li>
 *   <li>{@code view-clients}: every client with a service account, read only;</li>
 *   <li>anyone else: nothing.</li>
 * </ul>
 */
final class ConsoleCaller {

    /** The client role that lets its holder manage the keys of that one client in the account console. */
    static final String KEY_MANAGER_ROLE = "api-key-manager";

    private final RealmModel realm;
    private final AuthResult auth;
    private final boolean manageAll;
    private final boolean viewAll;

    private ConsoleCaller(RealmModel realm, AuthResult auth) {
        this.realm = realm;
        this.auth = auth;
        ClientModel management = managementClient(realm);
        this.manageAll = holds(auth.user(), management, AdminRoles.MANAGE_CLIENTS);
        this.viewAll = manageAll || holds(auth.user(), management, AdminRoles.VIEW_CLIENTS);
    }

    /**
     * Authenticates the bearer token as Keycloak's own account REST API does: an access token of this realm with an
     * active session, meant for the account API (audience {@code account}; lightweight tokens are expanded first).
     * Anything else is a 401.
     */
    static ConsoleCaller authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        AccessToken token = auth == null || auth.user() == null ? null : accountToken(session, auth);
        if (token == null || !token.hasAudience(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID)) {
            throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_token",
                            "error_description", "an access token of this realm for the account API is required"))
                    .build());
        }
        return new ConsoleCaller(realm, new AuthResult(auth.user(), auth.session(), token, auth.client()));
    }

    /** The token with its audience and roles: lightweight tokens (as admin-cli gets) carry neither until expanded. */
    private static AccessToken accountToken(KeycloakSession session, AuthResult auth) {
        AccessToken token = auth.token();
        if (token.getAudience() != null && token.getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID) != null) {
            return token;
        }
        return session.getProvider(TokenIntrospectionProvider.class, "access_token")
                instanceof AccessTokenIntrospectionProvider introspection
                ? introspection.transformAccessToken(token, auth.session())
                : token;
    }

    AuthResult auth() {
        return auth;
    }

    UserModel user() {
        return auth.user();
    }

    KeyAccess access(ClientModel client) {
        if (client == null || !client.isServiceAccountsEnabled()) {
            return KeyAccess.NONE;
        }
        if (manageAll || holds(user(), client, KEY_MANAGER_ROLE)) {
            return KeyAccess.MANAGE;
        }
        return viewAll ? KeyAccess.VIEW : KeyAccess.NONE;
    }

    /** Whether the caller may learn which clients exist (and so get a 400 for an unknown one rather than a 403). */
    boolean mayListClients() {
        return viewAll;
    }

    /** The clients with a service account whose keys the caller may see, by clientId. */
    Stream<ClientModel> visibleClients() {
        Stream<ClientModel> candidates = viewAll
                ? realm.getClientsStream()
                : RoleUtils.getDeepUserRoleMappings(user()).stream()
                        .filter(role -> role.isClientRole() && KEY_MANAGER_ROLE.equals(role.getName()))
                        .map(RoleModel::getContainer)
                        .filter(ClientModel.class::isInstance)
                        .map(ClientModel.class::cast)
                        .distinct();
        return candidates.filter(client -> access(client).canView())
                .sorted(Comparator.comparing(ClientModel::getClientId));
    }

    /** The client that holds the realm's admin roles: {@code realm-management}, or {@code master-realm} in master. */
    private static ClientModel managementClient(RealmModel realm) {
        return Config.getAdminRealm().equals(realm.getName())
                ? realm.getMasterAdminClient()
                : realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
    }

    private static boolean holds(UserModel user, ClientModel client, String roleName) {
        RoleModel role = client == null ? null : client.getRole(roleName);
        return role != null && user.hasRole(role);
    }
}
