package io.apikeys.keycloak.store;

/** A concurrent change to the same key won; the caller should re-read and retry. */
public final class ApiKeyConflictException extends RuntimeException {

    public ApiKeyConflictException(String message) {
        super(message, null, false, false);
    }
}
