package io.apikeys.keycloak.store;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the {@code api-key-store} SPI (internal: its interface may change between versions). */
public final class ApiKeyStoreSpi implements Spi {

    public static final String NAME = "api-key-store";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ApiKeyStore.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiKeyStoreFactory.class;
    }
}
