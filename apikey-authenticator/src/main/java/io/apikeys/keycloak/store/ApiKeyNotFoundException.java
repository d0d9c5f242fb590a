package io.apikeys.keycloak.store;

/** No key with that id in that realm (a key of another realm counts as not found). */
public final class ApiKeyNotFoundException extends RuntimeException {

    public ApiKeyNotFoundException() {
        super("API key not found", null, false, false);
    }
}
