package io.apikeys.keycloak.answer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.util.JsonSerialization;

/**
 * RFC 7662's answer for a key: {@code {"active": true, ...}} with the key's client, service account, scopes,
 * audiences and times; {@code {"active": false}} for every refusal, whatever the reason; 429 over a limit. Records
 * the introspection's event.
 */
public final class IntrospectionAnswer {

    /** The {@code token_type} of an introspected key (also the {@code token_type_hint} of keys). */
    public static final String TOKEN_TYPE = "api_key";

    private IntrospectionAnswer() {
    }

    public static Response of(Verification verification, EventBuilder event) {
        KeyEvents.describe(event, verification);
        return switch (verification) {
            case Verification.Accepted accepted -> {
                event.success();
                yield json(active(accepted));
            }
            case Verification.OverLimit limited -> {
                event.error(KeyEvents.error(limited.decision()));
                yield TooManyRequests.of(limited.decision());
            }
            case Verification.Rejected rejected -> {
                event.error(Errors.INVALID_TOKEN);
                ObjectNode inactive = JsonSerialization.createObjectNode();
                inactive.put("active", false);
                yield json(inactive);
            }
        };
    }

    private static ObjectNode active(Verification.Accepted accepted) {
        StoredApiKey key = accepted.key();
        ObjectNode body = JsonSerialization.createObjectNode();
        body.put("active", true);
        body.put("token_type", TOKEN_TYPE);
        body.put("client_id", accepted.client().getClientId());
        body.put("sub", accepted.subject().getId());
        body.put("username", accepted.subject().getUsername());
        body.put("scope", String.join(" ", key.scopes()));
        body.put("iat", key.createdTimestamp() / 1000);
        if (key.expiresTimestamp() != null) {
            body.put("exp", key.expiresTimestamp() / 1000);
        }
        if (!key.audiences().isEmpty()) {
            body.putPOJO("aud", key.audiences());
        }
        body.put(KeyEvents.API_KEY_ID_DETAIL, key.id());
        return body;
    }

    private static Response json(ObjectNode body) {
        return Response.ok(body.toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
