package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/**
 * Takes over Keycloak's {@value #ACCESS_TOKEN_TYPE} introspection (same id, higher order) so that a token minted
 * from an API key introspects with the key's restrictions; every other token is introspected exactly as before.
 */
public final class KeyTokenIntrospectionProviderFactory extends AccessTokenIntrospectionProviderFactory
        implements SimpleProviderFactory<TokenIntrospectionProvider> {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new KeyTokenIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 100;
    }
}
