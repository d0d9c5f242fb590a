package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.answer.IntrospectionAnswer;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * RFC 7662 introspection of API keys ({@code token_type_hint=}{@value ApiKeyIntrospectionProviderFactory#PROVIDER_ID})
 * for gateways and resource servers, which authenticate as themselves. Anything that is not a usable key is
 * {@code {"active": false}}, whatever the reason. The key's {@code allowedIps} are not checked here: the
 * introspecting caller is the gateway, not the key holder; its use still counts against the rate limit.
 */
final class ApiKeyIntrospectionProvider implements TokenIntrospectionProvider {

    private final KeycloakSession session;

    ApiKeyIntrospectionProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Response introspect(String token, EventBuilder event) {
        // A hint is only a hint (RFC 7662 2.1): a JWT sent as an api_key gets Keycloak's answer, with a key's restrictions.
        return keyOrElse(session, token, event, () -> KeyRestrictions.isJwt(token)
                ? session.getProvider(TokenIntrospectionProvider.class, KeyTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE)
                        .introspect(token, event)
                : introspect(session, new ApiKeyVerifier(session, session.getContext().getRealm()), Optional.empty(), event));
    }

    /**
     * RFC 7662 section 2.1: the hint is optional, and a token not found under it must be searched everywhere. So
     * whatever the hint, a key of this realm (recognised by its prefix and checksum, no I/O) gets the key's answer;
     * anything else gets {@code otherwise}, Keycloak's own.
     */
    static Response keyOrElse(KeycloakSession session, String token, EventBuilder event, Supplier<Response> otherwise) {
        ApiKeyVerifier verifier = new ApiKeyVerifier(session, session.getContext().getRealm());
        Optional<ApiKey> key = verifier.parse(token);
        return key.isPresent() ? introspect(session, verifier, key, event) : otherwise.get();
    }

    /** The answer for a string already parsed by the verifier (empty: not a key of this realm). */
    private static Response introspect(KeycloakSession session, ApiKeyVerifier verifier, Optional<ApiKey> key,
                                       EventBuilder event) {
        return IntrospectionAnswer.of(verifier.verifyForIntrospection(key, session.getContext().getClient()), event);
    }

    @Override
    public void close() {
    }
}
