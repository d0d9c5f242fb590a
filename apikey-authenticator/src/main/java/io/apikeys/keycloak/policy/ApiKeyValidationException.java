package io.apikeys.keycloak.policy;

/**
 * Bad input for a key operation. Carries an OAuth-style error code and a description that is safe to return to
 * the caller (it never contains a key).
 */
public final class ApiKeyValidationException extends RuntimeException {

    private final String error;

    public ApiKeyValidationException(String error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
