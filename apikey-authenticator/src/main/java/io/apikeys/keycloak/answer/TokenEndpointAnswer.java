package io.apikeys.keycloak.answer;

import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

/**
 * The OAuth token endpoint's answers to a key that does not pass (RFC 6749 section 5.2): {@code 401 invalid_client}
 * for every refusal, whatever the reason, and {@code 429} over a limit, always with Keycloak's CORS headers (the
 * client authenticator's answers get them from Keycloak's token endpoint; the exchange's are given them here).
 */
public final class TokenEndpointAnswer {

    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_CLIENT_DESCRIPTION = "Invalid client or Invalid client credentials";

    private TokenEndpointAnswer() {
    }

    /** The client authenticator's answer to a verification that did not pass. */
    public static Response of(Verification notAccepted) {
        return notAccepted instanceof Verification.OverLimit limited ? TooManyRequests.of(limited.decision())
                : Response.status(Response.Status.UNAUTHORIZED)
                        .entity(new OAuth2ErrorRepresentation(INVALID_CLIENT, INVALID_CLIENT_DESCRIPTION))
                        .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The key exchange's answer to a verification that did not pass, as the exception that ends the request. */
    public static WebApplicationException exchangeRefusal(Verification notAccepted, Cors cors, EventBuilder event) {
        KeyEvents.describe(event, notAccepted);
        if (notAccepted instanceof Verification.OverLimit limited) {
            event.error(KeyEvents.error(limited.decision()));
            cors.exposedHeaders(TooManyRequests.HEADERS).add();
            return new WebApplicationException(TooManyRequests.of(limited.decision()));
        }
        event.error(Errors.INVALID_CLIENT_CREDENTIALS);
        return new CorsErrorResponseException(cors, INVALID_CLIENT, INVALID_CLIENT_DESCRIPTION,
                Response.Status.UNAUTHORIZED);
    }
}
