package io.apikeys.keycloak.answer;

import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Answers to a key presented as a bearer credential (RFC 6750), as at the check endpoint: {@code 401} with
 * {@code WWW-Authenticate: Bearer realm="...", error="invalid_token"} and {@code {"error": "invalid_token"}} for
 * every refusal, whatever the reason, never cached; {@code 429} over a limit.
 */
public final class BearerAnswer {

    public static final String INVALID_TOKEN = "invalid_token";

    private BearerAnswer() {
    }

    /** The answer to a verification that did not pass. */
    public static Response of(Verification notAccepted, String realmName) {
        return notAccepted instanceof Verification.OverLimit limited ? TooManyRequests.of(limited.decision())
                : invalidToken(realmName);
    }

    public static Response invalidToken(String realmName) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge(realmName) + ", error=\"" + INVALID_TOKEN + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity("{\"error\":\"" + INVALID_TOKEN + "\"}")
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * {@code Bearer realm="<realm>"} (RFC 6750 section 3), the realm name as an RFC 9110 quoted string: a realm named
     * with {@code "} or {@code \} cannot end the parameter early.
     */
    public static String challenge(String realmName) {
        return "Bearer realm=\"" + realmName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** 400 {@code invalid_request}, for a parameter outside what the endpoint accepts. */
    public static Response invalidRequest(String description) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_REQUEST, description))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
