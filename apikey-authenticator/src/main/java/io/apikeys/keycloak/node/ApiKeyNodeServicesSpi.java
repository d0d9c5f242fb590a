package io.apikeys.keycloak.node;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the {@code api-key-node} SPI: this extension's per-node services, not meant to be replaced. */
public final class ApiKeyNodeServicesSpi implements Spi {

    public static final String NAME = "api-key-node";

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
        return ApiKeyNodeServices.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiKeyNodeServicesFactory.class;
    }
}
