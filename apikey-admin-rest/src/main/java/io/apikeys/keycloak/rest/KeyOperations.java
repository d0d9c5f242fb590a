package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyQuery;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

import java.util.List;
import java.util.Map;

/**
 * The key operations behind both REST APIs, the admin API ({@code /admin/realms/{realm}/api-keys}) and the account
 * API ({@code /realms/{realm}/api-keys}): list, get, create, update, rotate, revoke and delete, each checked against
 * the caller's {@link KeyPermissions} and each change recorded as an admin event of resource type
 * {@value #RESOURCE_TYPE}, with {@code author} as its author and the key's representation, never the key.
 * Errors are the documented JSON errors of {@link RestErrors}.
 */
public final class KeyOperations {

    /** The resource type of the admin events of key changes. */
    public static final String RESOURCE_TYPE = "API_KEY";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyStore store;
    private final AccessibleKeys accessible;
    private final AdminAuth author;
    private final KeyLocation location;

    public KeyOperations(KeycloakSession session, RealmModel realm, KeyPermissions<ClientModel> permissions,
                         AdminAuth author, KeyLocation location) {
        this.session = session;
        this.realm = realm;
        this.store = session.getProvider(ApiKeyStore.class);
        this.accessible = new AccessibleKeys(session, realm, store, permissions);
        this.author = author;
        this.location = location;
    }

    /**
     * Keys of the visible clients' service accounts, or of {@code clientId}, or the personal keys of {@code userId},
     * newest first, filtered by {@code status} and paged.
     */
    public List<ApiKeyRepresentation> list(String clientId, String userId, String status, String search, String first,
                                           String max) {
        return RestErrors.translate(() -> {
            ListParameters page = ListParameters.of(status, first, max);
            ApiKeyQuery query = userId != null
                    ? new ApiKeyQuery(null, page.status(), search, page.first(), page.max(),
                            accessible.user(userId, KeyAccess.VIEW).getId())
                    : new ApiKeyQuery(accessible.clientsToRead(clientId), page.status(), search, page.first(), page.max());
            return store.search(realm, query).stream().map(key -> ApiKeyRepresentations.of(session, realm, key)).toList();
        });
    }

    /** Creates a personal key of the user {@code userId} (the caller's own, on the account API's {@code /personal}). */
    public Response createPersonal(String userId, String body) {
        return RestErrors.translate(() -> createPersonal(userId, JsonBody.parse(body)));
    }

    private Response createPersonal(String userId, JsonBody json) {
        UserModel user = accessible.user(userId, KeyAccess.MANAGE);
        ClientModel client = personalKeyClient(json.text("clientId", null));
        ApiKeyDraft draft = ApiKeyDraftReader.read(json, ApiKeyDraftReader.NEW_KEY);
        CreatedApiKey created = store.createPersonal(realm, client, user, draft, author.getUser().getId());
        event(OperationType.CREATE, created.stored());
        return created(created, true);
    }

    /** The client a personal key's tokens are for: the realm lists it, so naming an unknown one reveals nothing. */
    private ClientModel personalKeyClient(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new ApiKeyValidationException("invalid_request", "clientId is required");
        }
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            throw new ApiKeyValidationException("client_not_allowed",
                    "client '" + clientId + "' is not listed in personalKeys.clients");
        }
        return client;
    }

    public ApiKeyRepresentation get(String id) {
        return RestErrors.translate(() -> ApiKeyRepresentations.of(session, realm, accessible.key(id, KeyAccess.VIEW).key()));
    }

    /**
     * Creates a key for the body's {@code clientId}, or with {@code userId} a personal key of that user for that
     * client: 201 with the full key, shown this once.
     */
    public Response create(String body) {
        return RestErrors.translate(() -> {
            JsonBody json = JsonBody.parse(body);
            String userId = json.text("userId", null);
            if (userId != null) {
                return createPersonal(userId, json);
            }
            ClientModel client = accessible.client(json.text("clientId", null), KeyAccess.MANAGE);
            ApiKeyDraft draft = ApiKeyDraftReader.read(json, ApiKeyDraftReader.NEW_KEY);
            CreatedApiKey created = store.create(realm, client, draft, author.getUser().getId());
            event(OperationType.CREATE, created.stored());
            return created(created, true);
        });
    }

    /** Changes the fields present in the body; {@code clientId} cannot change, unknown fields are ignored. */
    public ApiKeyRepresentation update(String id, String body) {
        return RestErrors.translate(() -> {
            AccessibleKeys.Target target = accessible.key(id, KeyAccess.MANAGE);
            JsonBody json = JsonBody.parse(body);
            String clientId = target.client().getClientId();
            if (!clientId.equals(json.text("clientId", clientId))) {
                throw new ApiKeyValidationException("invalid_request", "clientId of a key cannot be changed");
            }
            StoredApiKey updated = store.update(realm, id, ApiKeyDraftReader.read(json, target.key().toDraft()));
            event(OperationType.UPDATE, updated);
            return ApiKeyRepresentations.of(session, realm, updated);
        });
    }

    /**
     * A new key with the same settings, 201 with the full key; the old one expires after {@code gracePeriodSeconds}
     * of the body (default 0). Events: {@code ACTION} for the old key, {@code CREATE} for the new one.
     */
    public Response rotate(String id, String body) {
        return RestErrors.translate(() -> {
            accessible.key(id, KeyAccess.MANAGE);
            Long grace = JsonBody.parse(body).longValue("gracePeriodSeconds", 0L);
            CreatedApiKey created = store.rotate(realm, id, grace == null ? 0 : grace, author.getUser().getId());
            event(OperationType.ACTION, store.findById(realm, id).orElseThrow());
            event(OperationType.CREATE, created.stored());
            return created(created, location.rotatedKeys());
        });
    }

    /** Revokes a key at once, on every node: 204; it is kept with status REVOKED. */
    public Response revoke(String id) {
        return RestErrors.translate(() -> {
            accessible.key(id, KeyAccess.MANAGE);
            event(OperationType.ACTION, store.revoke(realm, id, StoredApiKey.BY_ADMIN));
            return Response.noContent().build();
        });
    }

    public Response delete(String id) {
        return RestErrors.translate(() -> {
            StoredApiKey key = accessible.key(id, KeyAccess.MANAGE).key();
            store.delete(realm, id);
            event(OperationType.DELETE, key);
            return Response.noContent().build();
        });
    }

    private Response created(CreatedApiKey created, boolean located) {
        Response.ResponseBuilder response = located
                ? Response.created(session.getContext().getUri().getBaseUriBuilder().path(location.template())
                        .build(realm.getName(), created.stored().id()))
                : Response.status(Response.Status.CREATED);
        return response.entity(ApiKeyRepresentations.created(session, realm, created)).build();
    }

    private void event(OperationType operation, StoredApiKey key) {
        KeyAdminEvents.record(session, realm, author, operation, key, Map.of());
    }
}
