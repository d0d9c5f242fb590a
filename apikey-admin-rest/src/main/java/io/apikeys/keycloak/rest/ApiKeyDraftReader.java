package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.policy.ApiKeyValidationException;

import java.util.List;
import java.util.Map;

/** Turns a create or update body into a draft: absent fields keep the base's value, explicit nulls clear them. */
public final class ApiKeyDraftReader {

    /** What a new key starts from: enabled, no restrictions. */
    public static final ApiKeyDraft NEW_KEY =
            new ApiKeyDraft(null, null, true, null, List.of(), List.of(), List.of(), List.of(), null, null, null,
                    Map.of(), false, List.of());

    private ApiKeyDraftReader() {
    }

    public static ApiKeyDraft read(JsonBody body, ApiKeyDraft base) {
        Boolean enabled = body.bool("enabled", base.enabled());
        Boolean selfRotation = body.bool("selfRotation", base.selfRotation());
        return new ApiKeyDraft(
                body.text("name", base.name()),
                body.text("description", base.description()),
                enabled == null || enabled,
                body.longValue("expiresTimestamp", base.expiresTimestamp()),
                body.strings("scopes", base.scopes()),
                body.strings("roles", base.roles()),
                body.strings("audiences", base.audiences()),
                body.strings("allowedIps", base.allowedIps()),
                rateLimit(body, base.rateLimit()),
                quota(body, base.quota()),
                body.intValue("tokenLifespanSeconds", base.tokenLifespanSeconds()),
                body.stringMap("attributes", base.attributes()),
                selfRotation != null && selfRotation,
                body.strings("contacts", base.contacts()));
    }

    private static RateLimit rateLimit(JsonBody body, RateLimit current) {
        if (!body.has("rateLimit")) {
            return current;
        }
        JsonBody limit = body.object("rateLimit");
        if (limit == null) {
            return null;
        }
        Integer requests = limit.intValue("requests", null);
        Integer window = limit.intValue("windowSeconds", null);
        if (requests == null || window == null) {
            throw new ApiKeyValidationException("invalid_rate_limit", "rateLimit needs requests and windowSeconds");
        }
        try {
            return new RateLimit(requests, window);
        } catch (IllegalArgumentException e) {
            throw new ApiKeyValidationException("invalid_rate_limit", e.getMessage());
        }
    }

    private static Quota quota(JsonBody body, Quota current) {
        if (!body.has("quota")) {
            return current;
        }
        JsonBody quota;
        Integer requests;
        String period;
        try {
            quota = body.object("quota");
            if (quota == null) {
                return null;
            }
            requests = quota.intValue("requests", null);
            period = quota.text("period", null);
        } catch (ApiKeyValidationException wrongType) {
            throw new ApiKeyValidationException("invalid_quota", wrongType.getMessage());
        }
        if (requests == null) {
            throw new ApiKeyValidationException("invalid_quota", "quota needs requests and period");
        }
        try {
            return new Quota(requests, Quota.Period.parse(period).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ApiKeyValidationException("invalid_quota", e.getMessage());
        }
    }
}
