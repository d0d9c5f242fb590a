package io.apikeys.keycloak.admin;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.ApiKeyUsageRepresentation;
import io.apikeys.keycloak.client.QuotaUseRepresentation;
import io.apikeys.keycloak.rest.ApiKeyRepresentations;
import io.apikeys.keycloak.rest.JsonBody;
import io.apikeys.keycloak.rest.KeyLocation;
import io.apikeys.keycloak.rest.KeyOperations;
import io.apikeys.keycloak.rest.KeyUsage;
import io.apikeys.keycloak.rest.RestErrors;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.policy.PersonalKeySettings;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.List;

/**
 * {@code /admin/realms/{realm}/api-keys}: key management for realm administrators. Reading a key needs view
 * rights on its client, changing it manage rights, both decided by Keycloak's own admin permissions (fine-grained
 * ones included); an unknown client is a 403 to callers who may not list clients. Every change is an admin event
 * of resource type {@value KeyOperations#RESOURCE_TYPE} without any secret.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeysAdminResource {

    /**
     * Rotations answer without a Location header: kcadm.sh re-reads a resource named by Location (and so would
     * never show the key); without one, "kcadm.sh create api-keys/{id}/rotate -o" prints the body, key included.
     */
    private static final KeyLocation LOCATION = new KeyLocation("admin/realms/{realm}/api-keys/{id}", false);

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final KeyOperations keys;
    private final KeyUsage usage;
    private final KeycloakSession session;

    ApiKeysAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                         AdminEventBuilder adminEvent) {
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(KeyOperations.RESOURCE_TYPE);
        AdminKeyPermissions permissions = new AdminKeyPermissions(realm, auth);
        this.keys = new KeyOperations(session, realm, permissions, auth.adminAuth(), LOCATION);
        this.usage = new KeyUsage(session, realm, permissions);
        this.session = session;
    }

    /** Creates a key: {@code clientId} and {@code name} required. 201 with the full key, shown this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return keys.create(body);
    }

    /**
     * Keys of the clients the caller may view, newest first, filtered and paged; with {@code userId}, that user's
     * personal keys (view rights on the user).
     */
    @GET
    public List<ApiKeyRepresentation> list(@QueryParam("clientId") String clientId, @QueryParam("userId") String userId,
                                           @QueryParam("status") String status, @QueryParam("search") String search,
                                           @QueryParam("first") String first, @QueryParam("max") String max) {
        return keys.list(clientId, userId, status, search, first, max);
    }

    @GET
    @Path("settings")
    public ApiKeySettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        ApiKeySettingsRepresentation rep = ApiKeyRepresentations.of(RealmApiKeySettings.of(realm));
        rep.setPersonalKeys(ApiKeyRepresentations.of(PersonalKeySettings.of(realm)));
        return rep;
    }

    /** Changes the realm's key policy (manage-realm); absent fields keep their value. */
    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiKeySettingsRepresentation updateSettings(String body) {
        auth.realm().requireManageRealm();
        return RestErrors.translate(() -> {
            RealmApiKeySettings before = RealmApiKeySettings.of(realm);
            JsonBody json = JsonBody.parse(body);
            RealmApiKeySettings settings = ApiKeyRepresentations.settings(json, before);
            // Both are checked before either is written: a 400 changes nothing.
            PersonalKeySettings personal = ApiKeyRepresentations.personalKeys(json, PersonalKeySettings.of(realm))
                    .validated(settings.keyPrefix());
            settings.writeTo(realm);
            RealmApiKeySettings.writePersonalKeys(realm, personal);
            if (settings.usageRetentionDays() != before.usageRetentionDays()) {
                session.getProvider(ApiKeyNodeServices.class).pruneUsageAfterCommit(realm);
            }
            ApiKeySettingsRepresentation rep = ApiKeyRepresentations.of(settings);
            rep.setPersonalKeys(ApiKeyRepresentations.of(personal));
            adminEvent.operation(OperationType.UPDATE).resourcePath("api-keys", "settings").representation(rep).success();
            return rep;
        });
    }

    /**
     * Uses per key and UTC day, for billing: of the keys of {@code clientId}, or of every client the caller may view
     * (then also of clients removed since, if the caller may view all clients); deleted keys included until pruned.
     * JSON, or CSV with {@code Accept: text/csv}. {@code from}/{@code to} epoch ms, default the last 7 days, at
     * most 400 days.
     */
    @GET
    @Path("usage")
    @Produces({MediaType.APPLICATION_JSON, KeyUsage.CSV})
    public Response usageExport(@QueryParam("clientId") String clientId, @QueryParam("from") String from,
                                @QueryParam("to") String to) {
        var rows = usage.export(clientId, from, to);
        if (KeyUsage.wantsCsv(session.getContext().getRequestHeaders().getAcceptableMediaTypes())) {
            return Response.ok(KeyUsage.csv(rows), KeyUsage.CSV_TYPE).build();
        }
        return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * A key's uses by UTC {@code hour} (default) or {@code day}, every bucket of the range present;
     * {@code from}/{@code to} epoch ms, default the last 7 days, at most 31 days of hours or 400 days of days.
     */
    @GET
    @Path("{id}/usage")
    public ApiKeyUsageRepresentation usage(@PathParam("id") String id, @QueryParam("from") String from,
                                           @QueryParam("to") String to, @QueryParam("granularity") String granularity) {
        return usage.ofKey(id, from, to, granularity);
    }

    /**
     * How much of its quota the key has used in the current UTC period: {@code {"keyId", "requests", "period",
     * "used", "periodStart", "periodEnd"}}, counted for its rotation chain as the cluster counts it now; only
     * {@code keyId} for a key without a quota.
     */
    @GET
    @Path("{id}/quota")
    public QuotaUseRepresentation quota(@PathParam("id") String id) {
        return usage.quotaOf(id);
    }

    @GET
    @Path("{id}")
    public ApiKeyRepresentation get(@PathParam("id") String id) {
        return keys.get(id);
    }

    /** Changes the fields present in the body; {@code clientId} cannot change, unknown fields are ignored. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiKeyRepresentation update(@PathParam("id") String id, String body) {
        return keys.update(id, body);
    }

    /** A new key with the same settings; the old one expires after {@code gracePeriodSeconds} (default 0). */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id, String body) {
        return keys.rotate(id, body);
    }

    /** Revokes a key at once, on every node; it is kept (status REVOKED) for the record. */
    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        return keys.revoke(id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return keys.delete(id);
    }
}
