package io.apikeys.keycloak.token;

import io.apikeys.keycloak.restriction.ApiKeyAwareClientCredentialsGrant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/**
 * Takes over the {@code client_credentials} grant (same id; Keycloak prefers a deployed provider over its
 * built-in one) so that a key used as client secret is held to its restrictions.
 */
public final class ApiKeyAwareClientCredentialsGrantFactory extends ClientCredentialsGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiKeyAwareClientCredentialsGrant(false);
    }
}
