package io.apikeys.keycloak.account;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeyUsageRepresentation;
import io.apikeys.keycloak.client.QuotaUseRepresentation;
import io.apikeys.keycloak.rest.ApiKeyRepresentations;
import io.apikeys.keycloak.rest.KeyLocation;
import io.apikeys.keycloak.rest.KeyOperations;
import io.apikeys.keycloak.rest.KeyUsage;
import io.apikeys.keycloak.rest.RestErrors;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.resources.admin.AdminAuth;

import java.util.List;

/**
 * {@code /realms/{realm}/api-keys}: the self-service key API behind the account console's "API keys" page. Callers
 * authenticate with their own access token of the realm (a person's, never a service account's or one minted from a
 * key: 401); what they see and may change follows the role rules of {@link ConsoleCaller}: the roles the token's
 * client may carry, or, for the account console, the user's roles within what its token allows. A key of a client
 * the caller cannot see is reported as not found (404); one the caller may only see cannot be changed (403). Every
 * change is an admin event like the admin API's (resource type {@value KeyOperations#RESOURCE_TYPE}, the console
 * user as author, never the key).
 *
 * <p>In the master realm the same API reaches every realm an admin of master administers, at
 * {@code /realms/master/api-keys/realms/{realm}/...} ({@code GET .../realms} lists them): the admin console has no
 * place for an extension's page, so this is where a master admin manages another realm's keys, with the rights
 * Keycloak's admin API would give him there ({@link ConsoleCaller#in}). Elsewhere, and for a realm the caller does
 * not administer, those paths are 404.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeysAccountResource {

    private static final String[] METHODS = {"GET", "POST", "DELETE", "OPTIONS"};
    private static final KeyLocation LOCATION = new KeyLocation("realms/{realm}/api-keys/{id}", true);

    private final KeycloakSession session;
    /** The realm of the caller's token; {@link #realm} is the one whose keys this resource serves. */
    private final RealmModel home;
    private final RealmModel realm;
    private final KeyLocation location;

    public ApiKeysAccountResource(KeycloakSession session) {
        this(session, session.getContext().getRealm(), session.getContext().getRealm(), LOCATION);
    }

    private ApiKeysAccountResource(KeycloakSession session, RealmModel home, RealmModel realm, KeyLocation location) {
        this.session = session;
        this.home = home;
        this.realm = realm;
        this.location = location;
    }

    /** The realms whose keys the caller may see here: its own, and for admins of master the realms they administer. */
    @GET
    @Path("realms")
    public List<String> realms() {
        return authenticate().realms();
    }

    /** The same API for another realm, for admins of the master realm (404 for anyone else or an unknown realm). */
    @Path("realms/{realm}")
    public ApiKeysAccountResource inRealm(@PathParam("realm") String name) {
        RealmModel target = home.getId().equals(realm.getId()) && Config.getAdminRealm().equals(home.getName())
                ? session.realms().getRealmByName(name) : null;
        if (target == null) {
            throw new NotFoundException();
        }
        return new ApiKeysAccountResource(session, home, target,
                new KeyLocation("realms/" + home.getName() + "/api-keys/realms/{realm}/{id}", true));
    }

    /** The clients whose keys the caller may see, each with {@code canManage}; empty for everyone else. */
    @GET
    @Path("clients")
    public List<ConsoleClientRepresentation> clients() {
        ConsoleCaller caller = authenticate();
        return caller.visibleClients()
                .map(client -> new ConsoleClientRepresentation(client.getClientId(), client.getName(),
                        client.getDescription(), caller.access(client).canManage()))
                .toList();
    }

    /** Keys of the visible clients (or of {@code clientId}), newest first, filtered by {@code status} and paged. */
    @GET
    public List<ApiKeyRepresentation> list(@QueryParam("clientId") String clientId, @QueryParam("status") String status,
                                           @QueryParam("search") String search, @QueryParam("first") String first,
                                           @QueryParam("max") String max) {
        return keys(authenticate()).list(clientId, null, status, search, first, max);
    }

    /** Creates a key for a client the caller manages: 201 with the full key, shown this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return keys(authenticate()).create(body);
    }

    @GET
    @Path("{id}")
    public ApiKeyRepresentation get(@PathParam("id") String id) {
        return keys(authenticate()).get(id);
    }

    /**
     * The key's uses by UTC {@code hour} (default) or {@code day}, as the admin API's {@code GET .../{id}/usage}
     * answers them, for a caller who may view the key (any other key: 404). The page's usage chart reads it.
     */
    @GET
    @Path("{id}/usage")
    public ApiKeyUsageRepresentation usage(@PathParam("id") String id, @QueryParam("from") String from,
                                           @QueryParam("to") String to, @QueryParam("granularity") String granularity) {
        return usage(authenticate()).ofKey(id, from, to, granularity);
    }

    /** How much of its quota the key has used in the current period, as the admin API's {@code GET .../{id}/quota}. */
    @GET
    @Path("{id}/quota")
    public QuotaUseRepresentation quota(@PathParam("id") String id) {
        return usage(authenticate()).quotaOf(id);
    }

    /** A new key with the same settings; the old one expires after {@code gracePeriodSeconds} (default 0). */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id, String body) {
        return keys(authenticate()).rotate(id, body);
    }

    /** Revokes a key at once; it is kept with status REVOKED. */
    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        return keys(authenticate()).revoke(id);
    }

    /** The caller's own personal keys (when the realm allows them), newest first, filtered by {@code status}. */
    @GET
    @Path("personal")
    public List<ApiKeyRepresentation> personalKeys(@QueryParam("status") String status, @QueryParam("first") String first,
                                                   @QueryParam("max") String max) {
        ConsoleCaller caller = personalKeyOwner();
        return keys(caller).list(null, caller.user().getId(), status, null, first, max);
    }

    /**
     * What the page may offer the caller for a new personal key: whether the realm allows them, the clients, the
     * longest lifetime, the roles the caller holds.
     */
    @GET
    @Path("personal/options")
    public PersonalKeyOptionsRepresentation personalKeyOptions() {
        ConsoleCaller caller = personalKeyOwner();
        return PersonalKeyOptionsRepresentation.of(realm, caller.user(), caller.ownKeys(caller.user()));
    }

    /** Creates a personal key of the caller for a client the realm lists: 201 with the full key, shown this once. */
    @POST
    @Path("personal")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createPersonalKey(String body) {
        ConsoleCaller caller = personalKeyOwner();
        return keys(caller).createPersonal(caller.user().getId(), body);
    }

    @POST
    @Path("personal/{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotatePersonalKey(@PathParam("id") String id, String body) {
        return ownPersonalKey(id).rotate(id, body);
    }

    @POST
    @Path("personal/{id}/revoke")
    public Response revokePersonalKey(@PathParam("id") String id) {
        return ownPersonalKey(id).revoke(id);
    }

    @DELETE
    @Path("personal/{id}")
    public Response deletePersonalKey(@PathParam("id") String id) {
        return ownPersonalKey(id).delete(id);
    }

    /** The key operations for a personal key of the caller; any other key is not found (404). */
    private KeyOperations ownPersonalKey(String id) {
        ConsoleCaller caller = personalKeyOwner();
        KeyOperations keys = keys(caller);
        ApiKeyRepresentation key = keys.get(id);
        if (!ApiKeyRepresentations.PERSONAL.equals(key.getType()) || !caller.user().getId().equals(key.getUserId())) {
            RestErrors.translate(() -> {
                throw new ApiKeyNotFoundException();
            });
        }
        return keys;
    }

    /** CORS preflight, as Keycloak's account REST API answers it. */
    @OPTIONS
    public Response preflight() {
        return session.getProvider(Cors.class).preflight().allowedMethods(METHODS).auth().add(Response.ok());
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflightSubresource() {
        return preflight();
    }

    /** The caller as the owner of personal keys: of their own realm only, so another realm's path is 404. */
    private ConsoleCaller personalKeyOwner() {
        if (!realm.getId().equals(home.getId())) {
            throw new NotFoundException();
        }
        return authenticate();
    }

    /**
     * Authenticates the caller with a token of their own realm and, like the account REST API, allows the token's
     * web origins; for another realm, the caller's rights there (none: 404, as for a realm that does not exist).
     */
    private ConsoleCaller authenticate() {
        ConsoleCaller caller = ConsoleCaller.authenticate(session, home);
        session.getProvider(Cors.class).auth().allowedMethods(METHODS).exposedHeaders("Location")
                .checkAllowedOrigins(caller.auth().token()).add();
        if (realm.getId().equals(home.getId())) {
            return caller;
        }
        ConsoleCaller there = caller.in(realm).filter(ConsoleCaller::mayListClients)
                .orElseThrow(NotFoundException::new);
        session.getContext().setRealm(realm);
        return there;
    }

    /** The key operations with the console user's rights, and the user and the token's client as event author. */
    private KeyUsage usage(ConsoleCaller caller) {
        return new KeyUsage(session, realm, new ConsoleKeyPermissions(caller));
    }

    private KeyOperations keys(ConsoleCaller caller) {
        AdminAuth author = new AdminAuth(home, caller.auth().token(), caller.user(), caller.auth().client());
        return new KeyOperations(session, realm, new ConsoleKeyPermissions(caller), author, location);
    }
}
