package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.limit.AllowanceDecision;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The responses a key holder can get when a key is refused. They are identical whatever the reason, so that a
 * caller cannot tell an unknown key from a revoked one; the reason goes to the event only.
 */
public final class ApiKeyResponses {

    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_CLIENT_DESCRIPTION = "Invalid client or Invalid client credentials";
    public static final String TOO_MANY_REQUESTS = "too_many_requests";
    /** The error of a use refused by the key's quota; also its event reason. */
    public static final String QUOTA_EXCEEDED = "quota_exceeded";
    /** RFC 6750 error of a refused bearer credential: the check endpoint's answer to every refused key. */
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String API_KEY_ID_DETAIL = "api_key_id";
    /** The event detail that names why a key was refused; Keycloak's own {@code reason}. */
    public static final String REASON_DETAIL = Details.REASON;
    /** The event reason of a use refused by the key's rate limit. */
    public static final String RATE_LIMITED_REASON = "rate_limited";
    static final String POLICY_NAME = "\"api-key\"";
    static final String QUOTA_POLICY_NAME = "\"quota\"";

    private ApiKeyResponses() {
    }

    public static Response invalidClient() {
        return Response.status(Response.Status.UNAUTHORIZED)
                .entity(new OAuth2ErrorRepresentation(INVALID_CLIENT, INVALID_CLIENT_DESCRIPTION))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * 401 of the check endpoint (RFC 6750 section 3): {@code WWW-Authenticate: Bearer realm="...",
     * error="invalid_token"} and {@code {"error": "invalid_token"}}, the same for every reason, never cached.
     */
    public static Response invalidToken(String realmName) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(realmName) + ", error=\"" + INVALID_TOKEN + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity("{\"error\":\"" + INVALID_TOKEN + "\"}")
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * {@code Bearer realm="<realm>"} (RFC 6750 section 3), the realm name as an RFC 9110 quoted string: a realm named
     * with {@code "} or {@code \} cannot end the parameter early.
     */
    public static String bearerChallenge(String realmName) {
        return "Bearer realm=\"" + realmName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** 400 {@code invalid_request}, for a parameter outside what the endpoint accepts. */
    public static Response invalidRequest(String description) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_REQUEST, description))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    static final String RETRY_AFTER = "Retry-After";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";
    /** The headers of a 429, which a browser app may read when CORS exposes them. */
    public static final String[] LIMIT_HEADERS = {RETRY_AFTER, RATE_LIMIT_POLICY, RATE_LIMIT};

    /**
     * 429 with {@code Retry-After} (seconds to the end of the window or quota period) and the IETF
     * {@code RateLimit-Policy} / {@code RateLimit} headers: {@code too_many_requests} for the rate limit,
     * {@code quota_exceeded} for the quota.
     */
    public static Response tooManyRequests(AllowanceDecision decision) {
        boolean quota = decision.limit() instanceof Quota;
        String policy = quota ? QUOTA_POLICY_NAME : POLICY_NAME;
        return Response.status(429)
                .entity(quota ? new OAuth2ErrorRepresentation(QUOTA_EXCEEDED, "Quota of this API key used up")
                        : new OAuth2ErrorRepresentation(TOO_MANY_REQUESTS, "Rate limit of this API key exceeded"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(RETRY_AFTER, decision.resetSeconds())
                .header(RATE_LIMIT_POLICY, policy + ";q=" + decision.limit().requests() + ";w=" + decision.windowSeconds())
                .header(RATE_LIMIT, policy + ";r=" + decision.remaining() + ";t=" + decision.resetSeconds())
                .build();
    }

    /** The event error of a use over its rate limit or quota. */
    public static String error(AllowanceDecision decision) {
        return decision.limit() instanceof Quota ? QUOTA_EXCEEDED : TOO_MANY_REQUESTS;
    }

    /** The event reason (and metric outcome) of a use over its rate limit or quota. */
    public static String reason(AllowanceDecision decision) {
        return decision.limit() instanceof Quota ? QUOTA_EXCEEDED : RATE_LIMITED_REASON;
    }

    /** Adds what the event may know about a verification: the key id (never the key) and the reason. */
    public static void describe(EventBuilder event, Verification verification) {
        if (verification.keyId() != null) {
            event.detail(API_KEY_ID_DETAIL, verification.keyId());
        }
        if (verification instanceof Verification.Rejected rejected) {
            event.detail(REASON_DETAIL, rejected.reason().eventValue());
        } else if (verification instanceof Verification.OverLimit limited) {
            event.detail(REASON_DETAIL, reason(limited.decision()));
        }
    }
}
