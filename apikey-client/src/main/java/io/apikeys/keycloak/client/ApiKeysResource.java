package io.apikeys.keycloak.client;

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

import java.util.List;

/**
 * Typed client of {@code /admin/realms/{realm}/api-keys} for {@code org.keycloak:keycloak-admin-client}:
 * <pre>{@code
 * ApiKeysResource keys = keycloak.proxy(ApiKeysResource.class,
 *         URI.create("https://sso.example.com/admin/realms/demo/api-keys"));
 * ApiKeyRepresentation created = keys.create(request);   // created.getKey() is shown this once
 * }</pre>
 * Errors arrive as JAX-RS exceptions ({@code BadRequestException}, {@code ForbiddenException},
 * {@code NotFoundException}) whose response body is {@code {"error", "error_description"}}.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface ApiKeysResource {

    /** Creates a key ({@code clientId} and {@code name} required); the response carries the full key once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    ApiKeyRepresentation create(ApiKeyRepresentation key);

    /** Keys of the clients the caller may view, newest first. All parameters are optional. */
    @GET
    List<ApiKeyRepresentation> list(@QueryParam("clientId") String clientId, @QueryParam("status") String status,
                                    @QueryParam("search") String search, @QueryParam("first") Integer first,
                                    @QueryParam("max") Integer max);

    /** The personal keys of a user, newest first (view rights on the user). */
    @GET
    List<ApiKeyRepresentation> listOfUser(@QueryParam("userId") String userId, @QueryParam("status") String status,
                                          @QueryParam("first") Integer first, @QueryParam("max") Integer max);

    @GET
    @Path("{id}")
    ApiKeyRepresentation get(@PathParam("id") String id);

    /** Changes the fields that are set; {@code clientId} cannot change. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    ApiKeyRepresentation update(@PathParam("id") String id, ApiKeyRepresentation key);

    /** A new key with the same settings; the old one keeps working for the grace period. */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    ApiKeyRepresentation rotate(@PathParam("id") String id, RotateRequest request);

    @POST
    @Path("{id}/revoke")
    void revoke(@PathParam("id") String id);

    @DELETE
    @Path("{id}")
    void delete(@PathParam("id") String id);

    /** A key's uses by {@code hour} or {@code day}; null parameters take their defaults (the last 7 days, hours). */
    @GET
    @Path("{id}/usage")
    ApiKeyUsageRepresentation usage(@PathParam("id") String id, @QueryParam("from") Long from,
                                    @QueryParam("to") Long to, @QueryParam("granularity") String granularity);

    /** How much of its quota the key has used in the current UTC period, as the cluster counts it now. */
    @GET
    @Path("{id}/quota")
    QuotaUseRepresentation quota(@PathParam("id") String id);

    /** Uses per key and UTC day, of one client's keys or (clientId null) of all the caller may view. */
    @GET
    @Path("usage")
    List<DailyUsageRepresentation> usageExport(@QueryParam("clientId") String clientId, @QueryParam("from") Long from,
                                               @QueryParam("to") Long to);

    /** {@link #usageExport} as CSV: {@code keyId,clientId,name,day,accepted,refused}, one header line. */
    @GET
    @Path("usage")
    @Produces("text/csv")
    String usageExportCsv(@QueryParam("clientId") String clientId, @QueryParam("from") Long from,
                          @QueryParam("to") Long to);

    @GET
    @Path("settings")
    ApiKeySettingsRepresentation getSettings();

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    ApiKeySettingsRepresentation updateSettings(ApiKeySettingsRepresentation settings);
}
