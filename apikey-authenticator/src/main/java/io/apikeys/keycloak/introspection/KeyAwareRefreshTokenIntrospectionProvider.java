package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;

import java.util.Optional;

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
        ApiKeyVerifier verifier = new ApiKeyVerifier(session, realm);
        Optional<ApiKey> key = verifier.parse(token);
        return key.isPresent() ? ApiKeyIntrospectionProvider.introspect(verifier, key, event) : super.introspect(token, event);
    }
}
