package io.apikeys.keycloak.store.jpa;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

import java.util.List;

/**
 * Adds {@code API_KEY} and {@code API_KEY_USAGE} to Keycloak's persistence unit and its Liquibase changelog to the
 * schema update.
 */
public final class ApiKeyJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ApiKeyEntity.class, ApiKeyLastUseEntity.class, ApiKeyUsageEntity.class, ApiKeyChangeEntity.class,
                ApiKeyWindowCountEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/api-key-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ApiKeyJpaEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
