package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the {@code API_KEY} entity and changelog under the id {@value #PROVIDER_ID}. */
public final class ApiKeyJpaEntityProviderFactory implements JpaEntityProviderFactory, SimpleProviderFactory<JpaEntityProvider> {

    public static final String PROVIDER_ID = "api-key";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new ApiKeyJpaEntityProvider();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
