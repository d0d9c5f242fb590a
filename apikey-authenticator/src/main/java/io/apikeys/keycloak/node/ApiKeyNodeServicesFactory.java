package io.apikeys.keycloak.node;

import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@code api-key-node} SPI. */
public interface ApiKeyNodeServicesFactory extends ProviderFactory<ApiKeyNodeServices> {
}
