package io.apikeys.keycloak.token;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.PermissionGrantTypeFactory;

/**
 * Takes over the UMA grant ({@code urn:ietf:params:oauth:grant-type:uma-ticket}, same id; Keycloak prefers a
 * deployed provider over its built-in one) so that no requesting party token is minted from a key's token.
 */
public final class ApiKeyAwarePermissionGrantTypeFactory extends PermissionGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiKeyAwarePermissionGrant();
    }
}
