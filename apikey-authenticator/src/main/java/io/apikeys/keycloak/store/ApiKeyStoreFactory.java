package io.apikeys.keycloak.store;

import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@code api-key-store} SPI. */
public interface ApiKeyStoreFactory extends ProviderFactory<ApiKeyStore> {
}
