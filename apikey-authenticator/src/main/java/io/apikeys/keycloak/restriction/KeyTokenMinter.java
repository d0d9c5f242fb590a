package io.apikeys.keycloak.restriction;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.verification.AuthenticatedApiKey;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.cors.Cors;

import java.util.Map;
import java.util.Optional;

/**
 * Mints, outside the token endpoint, the access token that the exchange of a verified key would give when asked for
 * all of the key's scopes: the same narrowed client-credentials grant, with the client's default scopes plus the
 * key's {@code scopes}, and the key's audiences. For callers that hold a key already verified on this request, such
 * as the check endpoint's phantom token.
 */
public final class KeyTokenMinter {

    private final KeycloakSession session;

    public KeyTokenMinter(KeycloakSession session) {
        this.session = session;
    }

    /**
     * @param event the event the grant completes ({@code CLIENT_LOGIN}: a token was issued to the service account)
     * @return the token response, or empty when Keycloak refused to mint (say a client policy); the grant has then
     *         already recorded the refusal on {@code event}
     */
    public Optional<AccessTokenResponse> mint(Verification.Accepted accepted, ApiKey presented, EventBuilder event) {
        new AuthenticatedApiKey(accepted, presented).attachTo(session);
        session.getContext().setClient(accepted.client());
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS);
        if (!accepted.key().scopes().isEmpty()) {
            form.putSingle(OAuth2Constants.SCOPE, String.join(" ", accepted.key().scopes()));
        }
        OAuth2GrantType.Context grant = new OAuth2GrantType.Context(session,
                OIDCAdvancedConfigWrapper.fromClientModel(accepted.client()), Map.of(), form, event,
                Cors.builder(), new TokenManager());
        try {
            Response response = new ApiKeyAwareClientCredentialsGrant(false).process(grant);
            return Optional.of((AccessTokenResponse) response.getEntity());
        } catch (WebApplicationException refused) {
            return Optional.empty();
        }
    }
}
