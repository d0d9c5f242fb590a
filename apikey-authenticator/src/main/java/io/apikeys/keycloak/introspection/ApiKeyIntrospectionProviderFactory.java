package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.ProviderVersion;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Introspection of API keys, selected with {@code token_type_hint=}{@value #PROVIDER_ID}. */
public final class ApiKeyIntrospectionProviderFactory implements TokenIntrospectionProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "api_key";

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new ApiKeyIntrospectionProvider(session);
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

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ProviderVersion.get());
    }
}
