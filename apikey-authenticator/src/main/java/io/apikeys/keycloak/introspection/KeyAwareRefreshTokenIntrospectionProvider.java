package io.apikeys.keycloak.introspection;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;

/**
 * Keycloak's refresh token introspection, unchanged, except that an API key sent with
 * {@code token_type_hint=refresh_token} is recognised by its shape and answered as a key (RFC 7662 section 2.1).
 */
final class KeyAwareRefreshTokenIntrospectionProvider extends RefreshTokenIntrospectionProvider {

    KeyAwareRefreshTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String token, EventBuilder event) {
        return ApiKeyIntrospectionProvider.keyOrElse(session, token, event, () -> super.introspect(token, event));
    }
}
