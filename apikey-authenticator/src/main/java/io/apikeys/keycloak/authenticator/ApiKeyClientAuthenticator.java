package io.apikeys.keycloak.authenticator;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.answer.TokenEndpointAnswer;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import io.apikeys.keycloak.verification.AuthenticatedApiKey;
import io.apikeys.keycloak.verification.KeyGrants;
import io.apikeys.keycloak.verification.KeyUse;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.util.BasicAuthHelper;

import java.util.Objects;
import java.util.Optional;

/**
 * "Client secret or API key": authenticates a client by its ordinary secret (delegated to Keycloak's own
 * {@code client-secret} authenticator) or by one of its API keys, sent as the client secret (form or HTTP Basic)
 * or, for the key exchange, as the {@code subject_token}. It runs first in the clients flow, so that a key sent
 * with the name of another client is answered here, with the uniform key refusal.
 */
final class ApiKeyClientAuthenticator implements ClientAuthenticator {

    private final ClientIdAndSecretAuthenticator clientSecret = new ClientIdAndSecretAuthenticator();

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        ApiKeyVerifier verifier = new ApiKeyVerifier(context.getSession(), context.getRealm());
        PresentedCredentials credentials = PresentedCredentials.from(context, verifier);
        if (!credentials.presentsKey()) {
            if (usesKeys(context, credentials.clientId())) {
                clientSecret.authenticateClient(context);
            }
            // Otherwise the client's own authenticator, later in the flow, decides; this one stays out of it.
            return;
        }
        KeyUse use = credentials.asSecret()
                ? KeyUse.asClientSecret(credentials.clientId(), credentials.conflictingClientIds(), credentials.grantAllowsKeys())
                : new KeyUse(credentials.clientId(), credentials.conflictingClientIds(), credentials.grantAllowsKeys());
        Verification verification = verifier.verify(credentials.apiKey(), context.getConnection().getRemoteAddr(), use);
        KeyEvents.describe(context.getEvent(), verification);
        switch (verification) {
            case Verification.Accepted accepted -> accept(context, credentials, accepted);
            case Verification.OverLimit limited -> {
                context.setClient(limited.client());
                context.failure(AuthenticationFlowError.ACCESS_DENIED, TokenEndpointAnswer.of(limited));
            }
            case Verification.Rejected rejected -> {
                // The flow answers with this refusal only once a client of this authenticator is identified.
                ClientModel client = rejected.client() != null ? rejected.client() : keyClient(context, credentials.clientId());
                if (client != null && !KeyGrants.CLIENT_AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType())) {
                    // The key's client was switched to another authenticator, which would answer instead (say
                    // "Missing client_id parameter"); ending the flow gives Keycloak's own 401 invalid_client.
                    throw new AuthenticationFlowException(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS);
                }
                if (client != null) {
                    context.setClient(client);
                }
                context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, TokenEndpointAnswer.of(rejected));
            }
        }
    }

    private static void accept(ClientAuthenticationFlowContext context, PresentedCredentials credentials,
                               Verification.Accepted accepted) {
        context.setClient(accepted.client());
        context.getEvent().client(accepted.client());
        new AuthenticatedApiKey(accepted, credentials.apiKey().orElseThrow()).attachTo(context.getSession());
        context.success();
    }

    private static boolean usesKeys(ClientAuthenticationFlowContext context, String clientId) {
        return keyClient(context, clientId) != null;
    }

    /** The client named {@code clientId} if it uses this authenticator, else null. */
    private static ClientModel keyClient(ClientAuthenticationFlowContext context, String clientId) {
        ClientModel client = clientId == null ? null : context.getRealm().getClientByClientId(clientId);
        return client != null && KeyGrants.CLIENT_AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType())
                ? client : null;
    }

    @Override
    public void close() {
    }

    /**
     * What the request offers: client_id (form or Basic; {@code conflictingClientIds} when both are sent and
     * differ), and whether it presents an API key, as client secret or as the subject token of the key exchange.
     * The key is parsed here, once; an empty {@code apiKey} is a malformed subject token.
     *
     * @param grantAllowsKeys whether a key may authenticate this request at all: as client secret of
     *                        {@code client_credentials}, as the subject (or client secret) of the key exchange, and to
     *                        introspection. Everything else a client secret can open (password, refresh_token,
     *                        authorization_code, device, CIBA, standard token exchange, revocation, PAR) would mint
     *                        tokens or sessions outside the key's restrictions, so a key is refused there.
     */
    private record PresentedCredentials(String clientId, boolean conflictingClientIds, boolean presentsKey,
                                        Optional<ApiKey> apiKey, boolean grantAllowsKeys, boolean asSecret) {

        private static final String TOKEN_PATH = "/protocol/openid-connect/token";
        private static final String INTROSPECTION_PATH = TOKEN_PATH + "/introspect";

        static PresentedCredentials from(ClientAuthenticationFlowContext context, ApiKeyVerifier verifier) {
            MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
            String formClientId = form.getFirst(OAuth2Constants.CLIENT_ID);
            String clientId = formClientId;
            String secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
            String authorization = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
            String[] basic = authorization == null ? null : BasicAuthHelper.RFC6749.parseHeader(authorization);
            if (basic != null) {
                clientId = basic[0];
                secret = basic[1];
            }
            boolean conflicting = basic != null && formClientId != null && !Objects.equals(formClientId, basic[0]);
            boolean allowed = grantAllowsKeys(context.getUriInfo().getPath(), form);
            Optional<ApiKey> secretKey = verifier.parse(secret);
            if (secretKey.isPresent()) {
                return new PresentedCredentials(clientId, conflicting, true, secretKey, allowed, true);
            }
            if (secret == null && isKeyExchange(form)) {
                return new PresentedCredentials(clientId, conflicting, true,
                        verifier.parse(form.getFirst(OAuth2Constants.SUBJECT_TOKEN)), allowed, false);
            }
            return new PresentedCredentials(clientId, conflicting, false, Optional.empty(), allowed, false);
        }

        private static boolean isKeyExchange(MultivaluedMap<String, String> form) {
            return OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE.equals(form.getFirst(OAuth2Constants.GRANT_TYPE))
                    && KeyGrants.API_KEY_TOKEN_TYPE.equals(form.getFirst(OAuth2Constants.SUBJECT_TOKEN_TYPE));
        }

        /** Judged by the endpoint's path and the grant type. */
        private static boolean grantAllowsKeys(String path, MultivaluedMap<String, String> form) {
            if (path.endsWith(INTROSPECTION_PATH)) {
                return true;
            }
            return path.endsWith(TOKEN_PATH) && (OAuth2Constants.CLIENT_CREDENTIALS.equals(
                    form.getFirst(OAuth2Constants.GRANT_TYPE)) || isKeyExchange(form));
        }
    }
}
