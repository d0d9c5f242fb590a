package io.apikeys.keycloak.introspection;

import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * Keycloak's access token introspection (also what it uses without a hint), unchanged for every token but an API
 * key, which is answered like {@code token_type_hint=api_key}, and a token minted from an API key (claim
 * {@value KeyRestrictions#API_KEY_ID_CLAIM}). Keycloak rebuilds the claims of an introspected token from the
 * service account's roles; for a key's token it rebuilds them from the key's roles instead, keeps the audience the
 * token carries, adds the key id, and answers {@code active: false} once the key itself may no longer be used.
 */
final class KeyTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    private KeyRestrictions restrictions;

    KeyTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String token, EventBuilder event) {
        return ApiKeyIntrospectionProvider.keyOrElse(session, token, event, () -> super.introspect(token, event));
    }

    /** Keycloak's last check before it rebuilds the token: the place to check the key behind it. */
    @Override
    protected boolean verifyTokenReuse() {
        String keyId = KeyRestrictions.keyIdOf(token);
        if (keyId == null) {
            return super.verifyTokenReuse();
        }
        Verification verification = new ApiKeyVerifier(session, realm).verifyKeyOfToken(keyId, client);
        KeyEvents.describe(eventBuilder, verification);
        if (!(verification instanceof Verification.Accepted accepted)) {
            eventBuilder.error(Errors.INVALID_TOKEN);
            return false;
        }
        restrictions = new KeyRestrictions(accepted.key(), realm, accepted.client());
        return super.verifyTokenReuse();
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        if (restrictions == null || KeyRestrictions.keyIdOf(token) == null) {
            return super.transformAccessToken(token, userSession);
        }
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        if (clientSession == null) {
            return token;
        }
        ClientSessionContext context = restrictions.narrow(
                DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, token.getScope(), session));
        AccessToken rebuilt = tokenManager.transformIntrospectionAccessToken(session, token, issuedClaims(token),
                userSession, context);
        rebuilt.audience(token.getAudience());
        rebuilt.setOtherClaims(KeyRestrictions.API_KEY_ID_CLAIM, KeyRestrictions.keyIdOf(token));
        return rebuilt;
    }

    /** The claims Keycloak itself sets on every token, before protocol mappers add the rest. */
    private static AccessToken issuedClaims(AccessToken token) {
        AccessToken claims = new AccessToken();
        claims.id(token.getId());
        claims.type(token.getType());
        claims.subject(token.getSubject());
        claims.iat(token.getIat());
        claims.exp(token.getExp());
        claims.issuedFor(token.getIssuedFor());
        claims.issuer(token.getIssuer());
        claims.setScope(token.getScope());
        claims.setSessionId(token.getSessionId());
        claims.audience(token.getAudience());
        return claims;
    }
}
