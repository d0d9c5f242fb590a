package io.apikeys.keycloak.authenticator;

import io.apikeys.keycloak.exchange.ApiKeyTokenExchangeProviderFactory;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.verification.ApiKeyResponses;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import io.apikeys.keycloak.verification.AuthenticatedApiKey;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.util.BasicAuthHelper;

/**
 * "Client secret or API key": authenticates a client by its ordinary secret (delegated to Keycloak's own
 * {@code client-secret} authenticator) or by one of its API keys, sent as the client secret (form or HTTP Basic)
 * or, for a token exchange without client credentials, as the {@code subject_token}.
 */
final class ApiKeyClientAuthenticator implements ClientAuthenticator {

    private final ClientIdAndSecretAuthenticator clientSecret = new ClientIdAndSecretAuthenticator();

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        PresentedCredentials credentials = PresentedCredentials.from(context);
        if (credentials.apiKey() == null) {
            clientSecret.authenticateClient(context);
            return;
        }
        Verification verification = new ApiKeyVerifier(context.getSession(), context.getRealm())
                .verify(credentials.apiKey(), context.getConnection().getRemoteAddr());
        ApiKeyResponses.describe(context.getEvent(), verification);
        switch (verification) {
            case Verification.Accepted accepted -> {
                if (credentials.clientId() != null && !credentials.clientId().equals(accepted.client().getClientId())) {
                    // A key only ever authenticates its own client.
                    context.getEvent().detail(ApiKeyResponses.REASON_DETAIL, "wrong_client");
                    refuse(context);
                    return;
                }
                context.setClient(accepted.client());
                context.getEvent().client(accepted.client());
                new AuthenticatedApiKey(accepted, ApiKeyHash.of(credentials.apiKey()).hex()).attachTo(context.getSession());
                context.success();
            }
            case Verification.RateLimited limited -> {
                context.setClient(limited.client());
                context.failure(AuthenticationFlowError.ACCESS_DENIED, ApiKeyResponses.tooManyRequests(limited.decision()));
            }
            case Verification.Rejected rejected -> {
                if (rejected.client() != null && context.getClient() == null) {
                    context.setClient(rejected.client());
                }
                refuse(context);
            }
        }
    }

    /** Same status and body for every refusal, see {@link ApiKeyResponses}. */
    private static void refuse(ClientAuthenticationFlowContext context) {
        context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, ApiKeyResponses.invalidClient());
    }

    @Override
    public void close() {
    }

    /** What the request offers: client_id (form or Basic), and an API key as client secret or subject token. */
    private record PresentedCredentials(String clientId, String apiKey) {

        static PresentedCredentials from(ClientAuthenticationFlowContext context) {
            MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
            String clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
            String secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
            String authorization = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
            if (authorization != null) {
                String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
                if (basic != null) {
                    clientId = basic[0];
                    secret = basic[1];
                }
            }
            if (ApiKeyShape.matches(context.getRealm(), secret)) {
                return new PresentedCredentials(clientId, secret);
            }
            boolean exchangesKey = OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE.equals(form.getFirst(OAuth2Constants.GRANT_TYPE))
                    && ApiKeyTokenExchangeProviderFactory.API_KEY_TOKEN_TYPE.equals(form.getFirst(OAuth2Constants.SUBJECT_TOKEN_TYPE));
            if (exchangesKey && clientId == null && secret == null) {
                return new PresentedCredentials(null, form.getFirst(OAuth2Constants.SUBJECT_TOKEN));
            }
            return new PresentedCredentials(clientId, null);
        }
    }
}
