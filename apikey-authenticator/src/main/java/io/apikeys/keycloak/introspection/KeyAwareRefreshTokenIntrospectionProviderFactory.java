package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.ProviderVersion;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Takes over Keycloak's {@code refresh_token} introspection (same id, higher order) to recognise API keys there too. */
public final class KeyAwareRefreshTokenIntrospectionProviderFactory extends RefreshTokenIntrospectionProviderFactory
        implements ServerInfoAwareProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new KeyAwareRefreshTokenIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ProviderVersion.get());
    }
}
