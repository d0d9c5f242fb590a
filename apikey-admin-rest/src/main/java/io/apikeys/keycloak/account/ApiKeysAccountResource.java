package io.apikeys.keycloak.account;

import io.apikeys.keycloak.admin.ApiKeysAdminResource;
import io.apikeys.keycloak.admin.client.ApiKeyRepresentation;
import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.rest.ApiKeyDraftReader;
import io.apikeys.keycloak.rest.ApiKeyRepresentations;
import io.apikeys.keycloak.rest.JsonBody;
import io.apikeys.keycloak.rest.KeyRotation;
import io.apikeys.keycloak.rest.ListParameters;
import io.apikeys.keycloak.rest.RestErrors;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import io.apikeys.keycloak.store.ApiKeyQuery;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /realms/{realm}/api-keys}: the self-service key API behind the account console's "API keys" page. Callers
 * authenticate with their own access token of the realm (a person's, never a service account's or one minted from a
 * key: 401); what they see and may change follows the role rules of {@link ConsoleCaller}: the roles the token's
 * client may carry, or, for the account console, the user's roles within what its token allows. A key of a client
 * the caller cannot see is reported as not found (404); one the caller may only see cannot be changed (403). Every
 * change is an admin event like the admin API's (resource type {@value ApiKeysAdminResource#RESOURCE_TYPE}, the
 * console user as author, never the key).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeysAccountResource {

    private static final String[] METHODS = {"GET", "POST", "OPTIONS"};

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyStore store;

    ApiKeysAccountResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.store = session.getProvider(ApiKeyStore.class);
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
        ConsoleCaller caller = authenticate();
        return RestErrors.translate(() -> {
            ListParameters parameters = ListParameters.of(status, first, max);
            Set<String> clients = clientId == null || clientId.isBlank()
                    ? caller.visibleClients().map(ClientModel::getId).collect(Collectors.toSet())
                    : Set.of(requireClient(caller, clientId, KeyAccess.VIEW).getId());
            ApiKeyQuery query = new ApiKeyQuery(clients, parameters.status(), search, parameters.first(),
                    parameters.max());
            return store.search(realm, query).stream().map(key -> ApiKeyRepresentations.of(realm, key)).toList();
        });
    }

    /** Creates a key for a client the caller manages: 201 with the full key, shown this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        ConsoleCaller caller = authenticate();
        return RestErrors.translate(() -> {
            JsonBody json = JsonBody.parse(body);
            ClientModel client = requireClient(caller, json.text("clientId", null), KeyAccess.MANAGE);
            CreatedApiKey created = store.create(realm, client, ApiKeyDraftReader.read(json, ApiKeyDraftReader.NEW_KEY),
                    caller.user().getId());
            event(caller, OperationType.CREATE, created.stored());
            return createdResponse(created);
        });
    }

    @GET
    @Path("{id}")
    public ApiKeyRepresentation get(@PathParam("id") String id) {
        ConsoleCaller caller = authenticate();
        return RestErrors.translate(() -> ApiKeyRepresentations.of(realm, requireKey(caller, id, KeyAccess.VIEW)));
    }

    /** A new key with the same settings; the old one expires after {@code gracePeriodSeconds} (default 0). */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id, String body) {
        ConsoleCaller caller = authenticate();
        return RestErrors.translate(() -> {
            requireKey(caller, id, KeyAccess.MANAGE);
            CreatedApiKey created = KeyRotation.rotate(store, realm, id, body, caller.user().getId(),
                    (operation, key) -> event(caller, operation, key));
            return createdResponse(created);
        });
    }

    /** Revokes a key at once; it is kept with status REVOKED. */
    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        ConsoleCaller caller = authenticate();
        return RestErrors.translate(() -> {
            requireKey(caller, id, KeyAccess.MANAGE);
            event(caller, OperationType.ACTION, store.revoke(realm, id));
            return Response.noContent().build();
        });
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

    /** Authenticates the caller and, like the account REST API, allows the token's web origins. */
    private ConsoleCaller authenticate() {
        ConsoleCaller caller = ConsoleCaller.authenticate(session);
        session.getProvider(Cors.class).auth().allowedMethods(METHODS).exposedHeaders("Location")
                .checkAllowedOrigins(caller.auth().token()).add();
        return caller;
    }

    private ClientModel requireClient(ConsoleCaller caller, String clientId, KeyAccess needed) {
        if (clientId == null || clientId.isBlank()) {
            throw new ApiKeyValidationException("invalid_request", "clientId is required");
        }
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isServiceAccountsEnabled()) {
            // Only those who may list clients learn why; to anyone else an unknown and a foreign client look alike.
            if (!caller.mayListClients()) {
                throw forbidden();
            }
            throw client == null
                    ? new ApiKeyValidationException("unknown_client", "client '" + clientId + "' does not exist")
                    : new ApiKeyValidationException("service_account_required",
                            "client '" + clientId + "' is not a confidential client with a service account");
        }
        KeyAccess access = caller.access(client);
        if (needed == KeyAccess.MANAGE ? !access.canManage() : !access.canView()) {
            throw forbidden();
        }
        return client;
    }

    /** A key the caller may act on; keys of clients the caller cannot see do not exist for them. */
    private StoredApiKey requireKey(ConsoleCaller caller, String id, KeyAccess needed) {
        StoredApiKey key = store.findById(realm, id).orElseThrow(() -> new ApiKeyNotFoundException());
        KeyAccess access = caller.access(realm.getClientById(key.clientUuid()));
        if (!access.canView()) {
            throw new ApiKeyNotFoundException();
        }
        if (needed == KeyAccess.MANAGE && !access.canManage()) {
            throw forbidden();
        }
        return key;
    }

    private Response createdResponse(CreatedApiKey created) {
        return Response.created(session.getContext().getUri().getBaseUriBuilder().path("realms/{realm}/api-keys/{id}")
                        .build(realm.getName(), created.stored().id()))
                .entity(ApiKeyRepresentations.created(session, realm, created))
                .build();
    }

    /** The same admin event as the admin API's, with the console user and client as author. */
    private void event(ConsoleCaller caller, OperationType operation, StoredApiKey key) {
        AdminAuth author = new AdminAuth(realm, caller.auth().token(), caller.user(), caller.auth().client());
        new AdminEventBuilder(realm, author, session, session.getContext().getConnection())
                .resource(ApiKeysAdminResource.RESOURCE_TYPE).operation(operation)
                .resourcePath("api-keys", key.id())
                .representation(ApiKeyRepresentations.of(realm, key))
                .success();
    }

    private static ErrorResponseException forbidden() {
        return new ErrorResponseException("forbidden", "no rights on the API keys of this client",
                Response.Status.FORBIDDEN);
    }
}
