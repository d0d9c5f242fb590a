package io.apikeys.keycloak.exchange;

import io.apikeys.keycloak.ProviderVersion;
import io.apikeys.keycloak.SimpleProviderFactory;
import io.apikeys.keycloak.verification.KeyGrants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

import java.util.Map;

/**
 * Token exchange provider {@value #PROVIDER_ID}. Its order is above Keycloak's {@code standard} provider (10), so
 * it is asked first; it only takes requests whose subject token type is an API key, everything else goes on to
 * Keycloak's own exchange unchanged.
 */
public final class ApiKeyTokenExchangeProviderFactory implements TokenExchangeProviderFactory, SimpleProviderFactory<TokenExchangeProvider> {

    public static final String PROVIDER_ID = "api-key";

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new ApiKeyTokenExchangeProvider(session);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ProviderVersion.get(), "subjectTokenType", KeyGrants.API_KEY_TOKEN_TYPE);
    }
}
