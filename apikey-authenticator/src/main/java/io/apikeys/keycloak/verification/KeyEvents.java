package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.limit.AllowanceDecision;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;

/**
 * What Keycloak's events (and the metrics) learn of a verification: the key id, never the key, and the reason of a
 * refusal. The caller learns none of it: refusals are answered alike whatever the reason ({@code answer} package).
 */
public final class KeyEvents {

    public static final String API_KEY_ID_DETAIL = "api_key_id";
    /** The event detail that names why a key was refused; Keycloak's own {@code reason}. */
    public static final String REASON_DETAIL = Details.REASON;
    /** The event reason (and OAuth error) of a use refused by the key's rate limit. */
    public static final String RATE_LIMITED_REASON = "rate_limited";
    /** The OAuth error of a use refused by the key's rate limit. */
    public static final String TOO_MANY_REQUESTS = "too_many_requests";
    /** The error of a use refused by the key's quota; also its event reason. */
    public static final String QUOTA_EXCEEDED = "quota_exceeded";

    private KeyEvents() {
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
