package io.apikeys.keycloak.account;

import io.apikeys.keycloak.rest.KeyAccess;
import io.apikeys.keycloak.policy.AdminRoleExposure;
import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.answer.BearerAnswer;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.models.AccountRoles;
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
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The user behind a request to the account REST extension, and what they may do with whose keys. Decided here, on
 * the server, never by the page.
 *
 * <p><b>Who may call</b> (else 401): a person's access token of this realm with a live session, meant for the
 * account API (audience {@code account}; lightweight tokens are expanded first). Tokens of service accounts and
 * tokens minted from API keys (claim {@value KeyRestrictions#API_KEY_ID_CLAIM}) act for a service, not a person: refused, as
 * Keycloak's account API refuses service accounts.
 *
 * <p><b>Which roles count</b>, as Keycloak's admin API counts them: a role counts if the user holds it (directly,
 * through a group or a composite) and the token's client may carry it in its tokens (full scope, or within the role
 * scope of the client, its own roles and the client scopes the token was issued with). One exception, the realm's
 * {@code account-console} client: Keycloak gives it only {@code account} roles, yet the page runs inside it and acts
 * for its user as the account API does. For its tokens every role the user holds counts, but no further than the
 * account API lets the console act: changes need {@code account/manage-account} in the token's roles, reading
 * {@code manage-account} or {@code view-profile}. Any other client whose role scope holds only {@code account} roles
 * (a public client shaped like the console) brings no key rights: its user is authenticated but forbidden (403), as
 * Keycloak's admin API forbids the same token.
 *
 * <p><b>Rights</b> from the roles that count:
 * <ul>
 *   <li>{@code manage-clients} of the realm's management client: every client with a service account, manage;</li>
 *   <li>client role {@value #KEY_MANAGER_ROLE} on a client with a service account: manage that client's keys, but
 *       only read them if the service account holds admin roles the user does not hold, or is granted fine-grained
 *       admin permissions (a key of that client would give its holder those rights: Keycloak's own rule for granting
 *       roles, and a {@code manage-users} admin can give himself {@value #KEY_MANAGER_ROLE});</li>
 *   <li>{@code view-clients}: every client with a service account, read only;</li>
 *   <li>anyone else: nothing.</li>
 * </ul>
 */
final class ConsoleCaller {

    /** The client role that lets its holder manage the keys of that one client in the account console. */
    static final String KEY_MANAGER_ROLE = "api-key-manager";

    private final KeycloakSession session;
    /** The realm the caller signed in to; {@link #realm} is the one whose keys are at stake (another only for master). */
    private final RealmModel home;
    private final RealmModel realm;
    private final AuthResult auth;
    private final Set<RoleModel> roles;
    private final Set<String> roleIds;
    private final KeyAccess ceiling;
    private final boolean manageAll;
    private final boolean viewAll;
    private final ConsoleRights rights;

    private ConsoleCaller(KeycloakSession session, RealmModel realm, AuthResult auth) {
        this.session = session;
        this.home = realm;
        this.realm = realm;
        this.auth = auth;
        Set<RoleModel> carried = carriedRoles(session, auth);
        Set<String> carriedIds = ids(carried);
        if (Constants.ACCOUNT_CONSOLE_CLIENT_ID.equals(auth.client().getClientId())) {
            // The console acts for its user (it can never carry admin roles), within what its token allows there.
            ClientModel account = realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
            this.roles = RoleUtils.getDeepUserRoleMappings(auth.user());
            this.ceiling = holds(carriedIds, account, AccountRoles.MANAGE_ACCOUNT) ? KeyAccess.MANAGE
                    : holds(carriedIds, account, AccountRoles.VIEW_PROFILE) ? KeyAccess.VIEW : KeyAccess.NONE;
        } else {
            this.roles = carried;
            this.ceiling = KeyAccess.MANAGE;
        }
        this.roleIds = ids(roles);
        ClientModel management = managementClient(home, realm);
        this.manageAll = holds(roleIds, management, AdminRoles.MANAGE_CLIENTS);
        this.viewAll = manageAll || holds(roleIds, management, AdminRoles.VIEW_CLIENTS);
        this.rights = new ConsoleRights(manageAll, viewAll, ceiling);
    }

    /** The same caller (roles, ceiling) over the keys of another realm. */
    private ConsoleCaller(ConsoleCaller caller, RealmModel target) {
        this.session = caller.session;
        this.home = caller.home;
        this.realm = target;
        this.auth = caller.auth;
        this.roles = caller.roles;
        this.roleIds = caller.roleIds;
        this.ceiling = caller.ceiling;
        ClientModel management = managementClient(home, target);
        this.manageAll = holds(roleIds, management, AdminRoles.MANAGE_CLIENTS);
        this.viewAll = manageAll || holds(roleIds, management, AdminRoles.VIEW_CLIENTS);
        this.rights = new ConsoleRights(manageAll, viewAll, ceiling);
    }

    /**
     * Authenticates the bearer token as Keycloak's own account REST API does: an access token of this realm with an
     * active session, meant for the account API (audience {@code account}; lightweight tokens are expanded first),
     * of a user who is no service account, and not minted from an API key. Anything else is a 401.
     */
    static ConsoleCaller authenticate(KeycloakSession session, RealmModel realm) {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        AccessToken token = auth == null || auth.user() == null || auth.client() == null ? null
                : accountToken(session, auth);
        // Keys are managed by people, as Keycloak's account API admits no service accounts: a service account's
        // token is refused, and so is any token minted from an API key (its claim checked whatever the subject).
        if (token == null || !token.hasAudience(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID)
                || auth.user().getServiceAccountClientLink() != null
                || KeyRestrictions.keyIdOf(auth.token()) != null) {
            throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, BearerAnswer.challenge(realm.getName()))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_token",
                            "error_description", "an access token of this realm for the account API is required"))
                    .build());
        }
        return new ConsoleCaller(session, realm, new AuthResult(auth.user(), auth.session(), token, auth.client()));
    }

    /**
     * The same person acting on the keys of {@code target}: an admin of the master realm administers other realms
     * there, with the roles of the realm's client in master ({@code <realm>-realm}: {@code manage-clients},
     * {@code view-clients}, or the {@code admin} role that holds them), as Keycloak's admin API counts them. From
     * any other realm no realm but its own is reachable: empty.
     */
    Optional<ConsoleCaller> in(RealmModel target) {
        if (target.getId().equals(home.getId())) {
            return Optional.of(this);
        }
        if (!Config.getAdminRealm().equals(home.getName())) {
            return Optional.empty();
        }
        return Optional.of(new ConsoleCaller(this, target));
    }

    /** The realms whose keys the caller may see on the page, its own first: more than one for master's admins. */
    List<String> realms() {
        if (!Config.getAdminRealm().equals(home.getName())) {
            return List.of(home.getName());
        }
        return Stream.concat(Stream.of(home), session.realms().getRealmsStream()
                        .filter(other -> !other.getId().equals(home.getId()))
                        .filter(other -> in(other).map(ConsoleCaller::mayListClients).orElse(false))
                        .sorted(Comparator.comparing(RealmModel::getName)))
                .map(RealmModel::getName).toList();
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

    /**
     * The user's roles that the token's client may carry: what Keycloak puts into the token of this client session
     * (client itself, default client scopes and the optional ones the token was issued with). Computed from the model,
     * not read from the token's {@code realm_access}/{@code resource_access}: those claims are whatever the protocol
     * mappers wrote (a removed role mapper hides roles, a hardcoded-claim or user-attribute mapper can invent them) and
     * frozen at issuance; the model is what Keycloak's admin API checks and reflects a removed role at once.
     */
    private static Set<RoleModel> carriedRoles(KeycloakSession session, AuthResult auth) {
        ClientModel client = auth.client();
        return TokenManager.getAccess(auth.user(), client,
                TokenManager.getRequestedClientScopes(session, auth.token().getScope(), client, auth.user()));
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
        boolean keyManager = holds(roleIds, client, KEY_MANAGER_ROLE);
        // Only a key manager's rights depend on the client's service account: nobody else pays for the look-up.
        return rights.on(true, keyManager, keyManager && !manageAll && !grantsNoMoreThanHeld(client));
    }

    /** Whether the client's keys can give no admin right that this user lacks (see {@link AdminRoleExposure}). */
    private boolean grantsNoMoreThanHeld(ClientModel client) {
        UserModel serviceAccount = session.users().getServiceAccount(client);
        return serviceAccount == null || (AdminRoleExposure.notHeldBy(session, realm, serviceAccount, roles).isEmpty()
                && AdminRoleExposure.permissions(session, realm, serviceAccount).isEmpty());
    }

    /**
     * The caller's rights on their own personal keys, in their own realm: as far as the token lets the console act
     * (the account API's {@code manage-account} to change them); none on anyone else's.
     */
    KeyAccess ownKeys(UserModel owner) {
        return realm.getId().equals(home.getId()) && owner.getId().equals(auth.user().getId()) ? ceiling : KeyAccess.NONE;
    }

    /** Whether the caller may learn which clients exist (and so get a 400 for an unknown one rather than a 403). */
    boolean mayListClients() {
        return viewAll && ceiling.canView();
    }

    /** The clients with a service account whose keys the caller may see, by clientId. */
    Stream<ClientModel> visibleClients() {
        Stream<ClientModel> candidates = viewAll
                ? realm.getClientsStream()
                : roles.stream()
                        .filter(role -> role.isClientRole() && KEY_MANAGER_ROLE.equals(role.getName()))
                        .map(RoleModel::getContainer)
                        .filter(ClientModel.class::isInstance)
                        .map(ClientModel.class::cast)
                        .distinct();
        return candidates.filter(client -> access(client).canView())
                .sorted(Comparator.comparing(ClientModel::getClientId));
    }

    /**
     * The client that holds the admin roles over {@code realm} for a user of {@code home}: {@code realm-management}
     * of the realm itself, or for users of master the realm's client there ({@code master-realm}, {@code <realm>-realm}).
     */
    private static ClientModel managementClient(RealmModel home, RealmModel realm) {
        return Config.getAdminRealm().equals(home.getName())
                ? realm.getMasterAdminClient()
                : realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
    }

    private static Set<String> ids(Set<RoleModel> roles) {
        return roles.stream().map(RoleModel::getId).collect(Collectors.toSet());
    }

    private static boolean holds(Set<String> roleIds, ClientModel client, String roleName) {
        RoleModel role = client == null ? null : client.getRole(roleName);
        return role != null && roleIds.contains(role.getId());
    }
}
