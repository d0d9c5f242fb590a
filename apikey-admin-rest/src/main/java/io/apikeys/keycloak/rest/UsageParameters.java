package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.usage.UsageGranularity;
import io.apikeys.keycloak.usage.UsageRange;

import java.util.Arrays;

/** The query parameters of the usage API, checked: a bad {@code from}, {@code to} or {@code granularity} is a 400. */
final class UsageParameters {

    private UsageParameters() {
    }

    /** {@code from}/{@code to} epoch milliseconds (default: the last 7 days), {@code granularity} hour (default) or day. */
    static UsageRange range(String from, String to, String granularity, long now) {
        return UsageRange.of(timestamp("from", from), timestamp("to", to), granularity(granularity), now);
    }

    private static UsageGranularity granularity(String value) {
        if (value == null || value.isBlank()) {
            return UsageGranularity.HOUR;
        }
        return UsageGranularity.fromParameter(value).orElseThrow(() -> new ApiKeyValidationException(
                "invalid_request", "granularity must be one of " + Arrays.stream(UsageGranularity.values())
                .map(UsageGranularity::parameterValue).toList()));
    }

    private static Long timestamp(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.trim().matches("\\d{1,15}")) {
            return Long.parseLong(value.trim());
        }
        throw new ApiKeyValidationException("invalid_request", name + " must be a time in epoch milliseconds");
    }
}
