package io.apikeys.keycloak.exchange;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.restriction.ApiKeyAwareClientCredentialsGrant;
import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.answer.TokenEndpointAnswer;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import io.apikeys.keycloak.verification.AuthenticatedApiKey;
import io.apikeys.keycloak.verification.FailureReason;
import io.apikeys.keycloak.verification.KeyGrants;
import io.apikeys.keycloak.verification.KeyUse;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.services.CorsErrorResponseException;

import java.util.Optional;

/**
 * RFC 8693 exchange of an API key ({@code subject_token_type=}{@value KeyGrants#API_KEY_TOKEN_TYPE})
 * for a short-lived access token of the key's service account, minted like client credentials and narrowed to
 * the key. Usually the key also authenticated the client (no client credentials sent); if the client
 * authenticated otherwise, the key is verified here and must belong to that client.
 * <p>
 * It also takes every exchange whose subject or actor is a token minted from a key (claim
 * {@value KeyRestrictions#API_KEY_ID_CLAIM}), and refuses it: Keycloak's own exchange would mint a token without the
 * key's id, so neither the key's restrictions nor its revocation would reach it. The key itself is what to exchange.
 */
final class ApiKeyTokenExchangeProvider implements TokenExchangeProvider {

    private final KeycloakSession session;

    ApiKeyTokenExchangeProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean supports(TokenExchangeContext context) {
        return KeyGrants.API_KEY_TOKEN_TYPE.equals(context.getParams().getSubjectTokenType()) || keyTokenIn(context) != null;
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        if (!KeyGrants.API_KEY_TOKEN_TYPE.equals(context.getParams().getSubjectTokenType())) {
            String keyId = keyTokenIn(context);
            context.getEvent().detail(KeyEvents.API_KEY_ID_DETAIL, keyId)
                    .detail(KeyEvents.REASON_DETAIL, FailureReason.KEY_TOKEN_NOT_EXCHANGEABLE.eventValue())
                    .error(Errors.INVALID_TOKEN);
            throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_TOKEN,
                    "A token minted from an API key cannot be exchanged; exchange the key", Response.Status.BAD_REQUEST);
        }
        String requested = context.getParams().getRequestedTokenType();
        if (requested != null && !OAuth2Constants.ACCESS_TOKEN_TYPE.equals(requested)) {
            throw badRequest(context, OAuthErrorException.INVALID_REQUEST, "An API key can only be exchanged for an access token");
        }
        if (context.getParams().getActorToken() != null) {
            throw badRequest(context, OAuthErrorException.INVALID_REQUEST, "Delegation (actor_token) is not supported for API keys");
        }
        requireKeyOfClient(context);
        OAuth2GrantType.Context grant = new OAuth2GrantType.Context(session,
                OIDCAdvancedConfigWrapper.fromClientModel(context.getClient()), context.getClientAuthAttributes(),
                context.getFormParams(), context.getEvent(), context.getCors(), context.getTokenManager());
        return new ApiKeyAwareClientCredentialsGrant(true).process(grant);
    }

    /** The key id of a key's token sent as subject or actor, else null. */
    private static String keyTokenIn(TokenExchangeContext context) {
        String subject = KeyRestrictions.keyIdOf(context.getParams().getSubjectToken());
        return subject != null ? subject : KeyRestrictions.keyIdOf(context.getParams().getActorToken());
    }

    private void requireKeyOfClient(TokenExchangeContext context) {
        String presented = context.getParams().getSubjectToken();
        AuthenticatedApiKey authenticated = AuthenticatedApiKey.of(session);
        if (authenticated != null && authenticated.isFor(presented)) {
            return;
        }
        ApiKeyVerifier verifier = new ApiKeyVerifier(session, context.getRealm());
        Optional<ApiKey> key = verifier.parse(presented);
        // The request's client was authenticated some other way (its own secret): the key must be that client's.
        KeyUse use = new KeyUse(context.getClient().getClientId(), false, true);
        Verification verification = verifier.verify(key, context.getClientConnection().getRemoteAddr(), use);
        if (!(verification instanceof Verification.Accepted accepted)) {
            throw TokenEndpointAnswer.exchangeRefusal(verification, context.getCors(), context.getEvent());
        }
        KeyEvents.describe(context.getEvent(), accepted);
        new AuthenticatedApiKey(accepted, key.orElseThrow()).attachTo(session);
    }

    private static CorsErrorResponseException badRequest(TokenExchangeContext context, String error, String description) {
        context.getEvent().detail(KeyEvents.REASON_DETAIL, description).error(Errors.INVALID_REQUEST);
        return new CorsErrorResponseException(context.getCors(), error, description, Response.Status.BAD_REQUEST);
    }

    @Override
    public void close() {
    }
}
