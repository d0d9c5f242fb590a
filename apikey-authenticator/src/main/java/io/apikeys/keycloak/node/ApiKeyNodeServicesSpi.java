package io.apikeys.keycloak.node;

import io.apikeys.keycloak.InternalSpi;

/** Registers the {@code api-key-node} SPI: what a node counts and serves for key uses. */
public final class ApiKeyNodeServicesSpi extends InternalSpi {

    public static final String NAME = "api-key-node";

    public ApiKeyNodeServicesSpi() {
        super(NAME, ApiKeyNodeServices.class, ApiKeyNodeServicesFactory.class);
    }
}
