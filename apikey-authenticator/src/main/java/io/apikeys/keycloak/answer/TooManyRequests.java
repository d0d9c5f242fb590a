package io.apikeys.keycloak.answer;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.limit.AllowanceDecision;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

import static io.apikeys.keycloak.verification.KeyEvents.QUOTA_EXCEEDED;
import static io.apikeys.keycloak.verification.KeyEvents.TOO_MANY_REQUESTS;

/**
 * 429 of every protocol: {@code Retry-After} (seconds to the end of the window or quota period) and the IETF
 * {@code RateLimit-Policy} / {@code RateLimit} headers, exposed to browser apps; {@code too_many_requests} for the
 * rate limit, {@code quota_exceeded} for the quota.
 */
public final class TooManyRequests {

    static final String RETRY_AFTER = "Retry-After";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";
    /** The headers of a 429, which a browser app may read when CORS exposes them. */
    public static final String[] HEADERS = {RETRY_AFTER, RATE_LIMIT_POLICY, RATE_LIMIT};
    static final String POLICY_NAME = "\"api-key\"";
    static final String QUOTA_POLICY_NAME = "\"quota\"";

    private TooManyRequests() {
    }

    public static Response of(AllowanceDecision decision) {
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
}
