package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyQuery;

import java.util.Arrays;

/** The query parameters of a key listing (admin and account APIs), checked: a bad value is a 400, never a 500. */
public record ListParameters(ApiKeyStatus status, int first, int max) {

    public static final int MAX_PAGE_SIZE = 1000;

    public static ListParameters of(String status, String first, String max) {
        return new ListParameters(status(status), bounded("first", first, 0, Integer.MAX_VALUE, 0),
                bounded("max", max, 1, MAX_PAGE_SIZE, ApiKeyQuery.DEFAULT_MAX));
    }

    private static ApiKeyStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(ApiKeyStatus.values()).filter(status -> status.name().equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> new ApiKeyValidationException("invalid_request",
                        "status must be one of " + Arrays.toString(ApiKeyStatus.values())));
    }

    private static int bounded(String name, String value, int min, int max, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        if (value.trim().matches("\\d{1,10}")) {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return (int) parsed;
            }
        }
        throw new ApiKeyValidationException("invalid_request", name + " must be an integer from " + min + " to " + max);
    }
}
