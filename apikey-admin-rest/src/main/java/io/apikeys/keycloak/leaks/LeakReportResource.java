package io.apikeys.keycloak.leaks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apikeys.keycloak.answer.BearerAnswer;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /realms/{realm}/api-keys/leaks}: where a leaked key is reported, by anyone ({@code POST leaks}, like GitHub's
 * credential revocation API) or by GitHub's secret scanning ({@code POST leaks/github}, signed by GitHub). Each key
 * of this realm gets the realm's {@code leakedKeyAction} ({@link LeakedKeys}).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class LeakReportResource {

    static final int MAX_REPORTED_KEYS = 100;
    static final int MAX_GITHUB_TOKENS = 1000;
    static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";
    static final String IDENTIFIER_HEADER = "Github-Public-Key-Identifier";

    private final KeycloakSession session;
    private final RealmModel realm;

    public LeakReportResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /**
     * {@code {"keys": ["...", ...]}} (at most {@value #MAX_REPORTED_KEYS}): {@code 202 {"received": n}} whatever
     * the keys were, so the answer tells nothing about them; more than 10 reports a minute from one address: 429.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response report(String body) {
        if (!session.getProvider(ApiKeyNodeServices.class).allowLeakReport(
                session.getContext().getConnection().getRemoteAddr(), Time.currentTimeMillis())) {
            return Response.status(429).entity(new OAuth2ErrorRepresentation("too_many_requests",
                    "Too many leak reports from this address; try again in a minute")).build();
        }
        JsonNode keys = json(body).path("keys");
        if (!keys.isArray() || keys.isEmpty() || keys.size() > MAX_REPORTED_KEYS) {
            return BearerAnswer.invalidRequest("keys must be an array of 1 to " + MAX_REPORTED_KEYS + " strings");
        }
        LeakedKeys leaked = new LeakedKeys(session, realm);
        for (JsonNode key : keys) {
            if (key.isTextual()) {
                leaked.report(key.asText(), "report", null);
            }
        }
        ObjectNode received = JsonSerialization.createObjectNode();
        received.put("received", keys.size());
        return Response.accepted(received.toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * GitHub's secret-scanning partner request, {@code [{"token", "type", "url", "source"}]}: each token labelled
     * {@code true_positive} (a key of this realm, in any status) or {@code false_positive}. A missing or bad
     * signature is 401 and changes nothing.
     */
    @POST
    @Path("github")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response github(byte[] body) {
        GithubPublicKeys publicKeys = session.getProvider(GithubLeaksFactory.Keys.class).publicKeys();
        HttpHeaders headers = session.getContext().getRequestHeaders();
        if (!publicKeys.verify(headers.getHeaderString(IDENTIFIER_HEADER), headers.getHeaderString(SIGNATURE_HEADER),
                body == null ? new byte[0] : body)) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(new OAuth2ErrorRepresentation("invalid_signature", "Missing or invalid GitHub signature"))
                    .build();
        }
        JsonNode tokens = json(new String(body, StandardCharsets.UTF_8));
        if (!tokens.isArray() || tokens.size() > MAX_GITHUB_TOKENS) {
            return BearerAnswer.invalidRequest("the body must be an array of at most " + MAX_GITHUB_TOKENS + " tokens");
        }
        LeakedKeys leaked = new LeakedKeys(session, realm);
        ArrayNode labels = JsonSerialization.mapper.createArrayNode();
        for (JsonNode token : tokens) {
            String raw = token.path("token").asText(null);
            boolean known = leaked.report(raw, "github", token.path("url").asText(null));
            ObjectNode label = labels.addObject();
            label.put("token_raw", raw);
            label.put("token_type", token.path("type").asText(null));
            label.put("label", known ? "true_positive" : "false_positive");
        }
        return Response.ok(labels.toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? JsonSerialization.mapper.nullNode()
                    : JsonSerialization.mapper.readTree(body);
        } catch (IOException e) {
            return JsonSerialization.mapper.nullNode();
        }
    }
}
