package io.apikeys.keycloak.restriction;

import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.verification.AuthenticatedApiKey;
import io.apikeys.keycloak.verification.KeyEvents;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.function.Function;

/**
 * Keycloak's client credentials grant, narrowed to an API key's restrictions when the client authenticated with
 * one (the key as client secret, or the subject of an exchange). Without a key it behaves exactly like the
 * built-in grant. Tokens minted from a key never come with a refresh token: the key itself is the long-lived
 * credential, and revoking it must end access within one token lifetime.
 */
public final class ApiKeyAwareClientCredentialsGrant extends ClientCredentialsGrantType {

    /** The user session's authentication method of a personal key's token. */
    static final String PERSONAL_KEY_AUTH_METHOD = "api-key";

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
            if (key.verification().key().personal()) {
                return forUser(context, key.verification().subject());
            }
        }
        return super.process(context);
    }

    /**
     * A personal key's token: the same grant, but for the key's user instead of the client's service account, in a
     * transient session of that user and client (nothing is stored, no refresh token). Its roles are what the user's
     * session would carry for this client, narrowed to the key's roles below.
     */
    private Response forUser(Context context, UserModel user) {
        setContext(context);
        event.detail(Details.USERNAME, user.getUsername());
        event.user(user);
        String scope = getRequestedScopes();
        AuthenticationSessionModel login = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false).createAuthenticationSession(client);
        login.setAuthenticatedUser(user);
        login.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        login.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        login.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(
                login.getParentSession().getId(), realm, user, user.getUsername(), clientConnection.getRemoteHost(),
                PERSONAL_KEY_AUTH_METHOD, false, null, null, UserSessionModel.SessionPersistenceState.TRANSIENT);
        event.session(userSession);
        AuthenticationManager.setClientScopesInSession(session, login);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, login);
        return createTokenResponse(user, userSession, clientSessionCtx, scope, true, null);
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
