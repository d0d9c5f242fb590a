package io.apikeys.keycloak.store;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the {@code API_KEY} entity and changelog under the id {@value #PROVIDER_ID}. */
public final class ApiKeyJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "api-key";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new ApiKeyJpaEntityProvider();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
