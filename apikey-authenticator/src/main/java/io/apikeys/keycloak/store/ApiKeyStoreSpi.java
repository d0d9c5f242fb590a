package io.apikeys.keycloak.store;

import io.apikeys.keycloak.InternalSpi;

/** Registers the {@code api-key-store} SPI: the rows of keys and their usage. */
public final class ApiKeyStoreSpi extends InternalSpi {

    public static final String NAME = "api-key-store";

    public ApiKeyStoreSpi() {
        super(NAME, ApiKeyStore.class, ApiKeyStoreFactory.class);
    }
}
