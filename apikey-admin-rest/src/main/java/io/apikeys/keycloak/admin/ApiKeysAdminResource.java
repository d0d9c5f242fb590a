package io.apikeys.keycloak.admin;

import io.apikeys.keycloak.admin.client.ApiKeyRepresentation;
import io.apikeys.keycloak.admin.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.policy.ApiKeyDraft;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /admin/realms/{realm}/api-keys}: key management for realm administrators. Reading a key needs view
 * rights on its client, changing it manage rights, both decided by Keycloak's own admin permissions (fine-grained
 * ones included). Every change is an admin event of resource type {@value #RESOURCE_TYPE} without any secret.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeysAdminResource {

    public static final String RESOURCE_TYPE = "API_KEY";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final ApiKeyStore store;

    ApiKeysAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                         AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
        this.store = session.getProvider(ApiKeyStore.class);
    }

    /** Creates a key: {@code clientId} and {@code name} required. 201 with the full key, shown this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return RestErrors.translate(() -> {
            JsonBody json = JsonBody.parse(body);
            ClientModel client = requireClient(json.text("clientId", null));
            auth.clients().requireManage(client);
            ApiKeyDraft draft = ApiKeyDraftReader.read(json, ApiKeyDraftReader.NEW_KEY);
            CreatedApiKey created = store.create(realm, client, draft, auth.adminAuth().getUser().getId());
            event(OperationType.CREATE, created.stored());
            return createdResponse(created);
        });
    }

    /** Keys of the clients the caller may view, newest first, filtered and paged. */
    @GET
    public List<ApiKeyRepresentation> list(@QueryParam("clientId") String clientId, @QueryParam("status") String status,
                                           @QueryParam("search") String search, @QueryParam("first") String first,
                                           @QueryParam("max") String max) {
        return RestErrors.translate(() -> {
            Set<String> clients = visibleClients(clientId);
            ListParameters page = ListParameters.of(status, first, max);
            ApiKeyQuery query = new ApiKeyQuery(clients, page.status(), search, page.first(), page.max());
            return store.search(realm, query).stream().map(key -> ApiKeyRepresentations.of(realm, key)).toList();
        });
    }

    @GET
    @Path("settings")
    public ApiKeySettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return ApiKeyRepresentations.of(store.settings(realm));
    }

    /** Changes the realm's key policy (manage-realm); absent fields keep their value. */
    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiKeySettingsRepresentation updateSettings(String body) {
        auth.realm().requireManageRealm();
        return RestErrors.translate(() -> {
            var settings = ApiKeyRepresentations.settings(JsonBody.parse(body), store.settings(realm));
            store.updateSettings(realm, settings);
            ApiKeySettingsRepresentation rep = ApiKeyRepresentations.of(settings);
            adminEvent.operation(OperationType.UPDATE).resourcePath("api-keys", "settings").representation(rep).success();
            return rep;
        });
    }

    @GET
    @Path("{id}")
    public ApiKeyRepresentation get(@PathParam("id") String id) {
        return RestErrors.translate(() -> {
            StoredApiKey key = requireKey(id);
            auth.clients().requireView(clientOf(key));
            return ApiKeyRepresentations.of(realm, key);
        });
    }

    /** Changes the fields present in the body; {@code clientId} cannot change, unknown fields are ignored. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiKeyRepresentation update(@PathParam("id") String id, String body) {
        return RestErrors.translate(() -> {
            StoredApiKey key = requireKey(id);
            ClientModel client = clientOf(key);
            auth.clients().requireManage(client);
            JsonBody json = JsonBody.parse(body);
            String clientId = json.text("clientId", client.getClientId());
            if (!client.getClientId().equals(clientId)) {
                throw new ApiKeyValidationException("invalid_request", "clientId of a key cannot be changed");
            }
            StoredApiKey updated = store.update(realm, id, ApiKeyDraftReader.read(json, key.toDraft()));
            event(OperationType.UPDATE, updated);
            return ApiKeyRepresentations.of(realm, updated);
        });
    }

    /** A new key with the same settings; the old one expires after {@code gracePeriodSeconds} (default 0). */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id, String body) {
        return RestErrors.translate(() -> {
            StoredApiKey key = requireKey(id);
            auth.clients().requireManage(clientOf(key));
            CreatedApiKey created = KeyRotation.rotate(store, realm, id, body, auth.adminAuth().getUser().getId(),
                    this::event);
            // No Location header here: kcadm.sh re-reads a resource named by Location (and so would never show
            // the key); without one, "kcadm.sh create api-keys/{id}/rotate -o" prints this body, key included.
            return Response.status(Response.Status.CREATED).entity(ApiKeyRepresentations.created(session, realm, created)).build();
        });
    }

    /** Revokes a key at once, on every node; it is kept (status REVOKED) for the record. */
    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        return RestErrors.translate(() -> {
            StoredApiKey key = requireKey(id);
            auth.clients().requireManage(clientOf(key));
            event(OperationType.ACTION, store.revoke(realm, id));
            return Response.noContent().build();
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return RestErrors.translate(() -> {
            StoredApiKey key = requireKey(id);
            auth.clients().requireManage(clientOf(key));
            store.delete(realm, id);
            event(OperationType.DELETE, key);
            return Response.noContent().build();
        });
    }

    private Response createdResponse(CreatedApiKey created) {
        UriInfo uri = session.getContext().getUri();
        return Response.created(uri.getBaseUriBuilder().path("admin/realms/{realm}/api-keys/{id}")
                        .build(realm.getName(), created.stored().id()))
                .entity(ApiKeyRepresentations.created(session, realm, created))
                .build();
    }

    /** The admin event carries the representation without key or hash. */
    private void event(OperationType operation, StoredApiKey key) {
        adminEvent.operation(operation).resourcePath("api-keys", key.id())
                .representation(ApiKeyRepresentations.of(realm, key)).success();
    }

    private StoredApiKey requireKey(String id) {
        return store.findById(realm, id).orElseThrow(() -> new ApiKeyNotFoundException());
    }

    private ClientModel clientOf(StoredApiKey key) {
        ClientModel client = realm.getClientById(key.clientUuid());
        if (client == null) {
            throw new ApiKeyNotFoundException();
        }
        return client;
    }

    private ClientModel requireClient(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new ApiKeyValidationException("invalid_request", "clientId is required");
        }
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            // Without any client rights, the caller learns nothing about which clients exist.
            if (!auth.clients().canList()) {
                throw new ForbiddenException();
            }
            throw new ApiKeyValidationException("unknown_client", "client '" + clientId + "' does not exist");
        }
        return client;
    }

    /** Client ids whose keys the caller may see: all (null), one filtered client, or those it may view. */
    private Set<String> visibleClients(String clientId) {
        if (clientId != null && !clientId.isBlank()) {
            ClientModel client = requireClient(clientId);
            auth.clients().requireView(client);
            return Set.of(client.getId());
        }
        if (auth.clients().canView()) {
            return null;
        }
        Set<String> visible = realm.getClientsStream().filter(auth.clients()::canView)
                .map(ClientModel::getId).collect(Collectors.toSet());
        if (visible.isEmpty() && !auth.clients().canList()) {
            throw new ForbiddenException();
        }
        return visible;
    }
}
