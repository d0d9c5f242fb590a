package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/** Takes over Keycloak's {@code refresh_token} introspection (same id, higher order) to recognise API keys there too. */
public final class KeyAwareRefreshTokenIntrospectionProviderFactory extends RefreshTokenIntrospectionProviderFactory
        implements SimpleProviderFactory<TokenIntrospectionProvider> {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new KeyAwareRefreshTokenIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 100;
    }
}
