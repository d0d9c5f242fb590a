package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.answer.IntrospectionAnswer;
import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/** Introspection of API keys, selected with {@code token_type_hint=}{@value #PROVIDER_ID}. */
public final class ApiKeyIntrospectionProviderFactory implements TokenIntrospectionProviderFactory, SimpleProviderFactory<TokenIntrospectionProvider> {

    public static final String PROVIDER_ID = IntrospectionAnswer.TOKEN_TYPE;

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new ApiKeyIntrospectionProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
