package io.apikeys.keycloak.restriction;

import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.AuthenticatedApiKey;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyContext;

import java.util.List;
import java.util.function.Function;

/**
 * Keycloak's client credentials grant, narrowed to an API key's restrictions when the client authenticated with
 * one (the key as client secret, or the subject of an exchange). Without a key it behaves exactly like the
 * built-in grant. Tokens minted from a key never come with a refresh token: the key itself is the long-lived
 * credential, and revoking it must end access within one token lifetime.
 */
public final class ApiKeyAwareClientCredentialsGrant extends ClientCredentialsGrantType {

    private final boolean exchange;
    private KeyRestrictions restrictions;
    private List<String> requestedAudiences = List.of();

    /** @param exchange whether this mints the result of an RFC 8693 exchange (adds {@code issued_token_type}) */
    public ApiKeyAwareClientCredentialsGrant(boolean exchange) {
        this.exchange = exchange;
    }

    @Override
    public Response process(Context context) {
        AuthenticatedApiKey key = AuthenticatedApiKey.of(context.getSession());
        if (key != null) {
            restrictions = new KeyRestrictions(key.verification().key(), context.getRealm(), key.verification().client());
            requestedAudiences = context.getFormParams().getOrDefault(OAuth2Constants.AUDIENCE, List.of());
        }
        return super.process(context);
    }

    @Override
    protected String getRequestedScopes() {
        String scope = super.getRequestedScopes();
        if (restrictions != null) {
            refuseIf(restrictions.checkScopes(scope));
            refuseIf(restrictions.checkAudiences(requestedAudiences));
        }
        return scope;
    }

    private void refuseIf(KeyRestrictions.Violation violation) {
        if (violation != null) {
            event.detail(KeyEvents.REASON_DETAIL, violation.description());
            event.error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(cors, violation.error(), violation.description(), Response.Status.BAD_REQUEST);
        }
    }

    @Override
    protected boolean useRefreshToken() {
        return restrictions == null && super.useRefreshToken();
    }

    /** Keycloak builds the token from a client session context that exposes only the key's roles. */
    @Override
    protected Response createTokenResponse(UserModel user, UserSessionModel userSession, ClientSessionContext clientSessionCtx,
                                           String scopeParam, boolean code,
                                           Function<TokenManager.AccessTokenResponseBuilder, ClientPolicyContext> clientPolicyContextGenerator) {
        ClientSessionContext context = restrictions == null ? clientSessionCtx : restrictions.narrow(clientSessionCtx);
        return super.createTokenResponse(user, userSession, context, scopeParam, code, clientPolicyContextGenerator);
    }

    @Override
    protected Response createTokenResponse(TokenManager.AccessTokenResponseBuilder responseBuilder,
                                           ClientSessionContext clientSessionCtx, boolean code) {
        if (restrictions != null) {
            refuseIf(restrictions.checkAudiencesOf(responseBuilder.getAccessToken(), requestedAudiences));
            restrictions.applyTo(responseBuilder.getAccessToken(), requestedAudiences);
        }
        return super.createTokenResponse(responseBuilder, clientSessionCtx, code);
    }

    @Override
    protected void addCustomTokenResponseClaims(AccessTokenResponse response, ClientSessionContext clientSessionCtx) {
        if (exchange) {
            response.setOtherClaims("issued_token_type", OAuth2Constants.ACCESS_TOKEN_TYPE);
        }
    }
}
