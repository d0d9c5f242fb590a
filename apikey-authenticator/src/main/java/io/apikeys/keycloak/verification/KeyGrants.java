package io.apikeys.keycloak.verification;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.OAuth2Constants;

/**
 * Where a key may be presented to Keycloak's OIDC endpoints: as client secret of {@code client_credentials}, as
 * the subject (or client secret) of the key exchange, and to introspection. Everything else a client secret can
 * open (password, refresh_token, authorization_code, device, CIBA, standard token exchange, revocation, PAR) would
 * mint tokens or sessions outside the key's restrictions, so a key is refused there.
 */
public final class KeyGrants {

    /** The client authenticator a client must use for its keys to work ({@code ApiKeyClientAuthenticatorFactory}). */
    public static final String CLIENT_AUTHENTICATOR_ID = "client-api-key";
    /** Its name in the admin console's Credentials tab. */
    public static final String CLIENT_AUTHENTICATOR_NAME = "Client secret or API key";

    /** The {@code subject_token_type} of the key exchange. */
    public static final String API_KEY_TOKEN_TYPE = "urn:keycloak-apikey:token-type:api-key";

    private static final String TOKEN_PATH = "/protocol/openid-connect/token";
    private static final String INTROSPECTION_PATH = TOKEN_PATH + "/introspect";

    private KeyGrants() {
    }

    public static boolean isKeyExchange(MultivaluedMap<String, String> form) {
        return OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE.equals(form.getFirst(OAuth2Constants.GRANT_TYPE))
                && API_KEY_TOKEN_TYPE.equals(form.getFirst(OAuth2Constants.SUBJECT_TOKEN_TYPE));
    }

    /** Whether a key may authenticate this request, judged by the endpoint's path and the grant type. */
    public static boolean allows(UriInfo uri, MultivaluedMap<String, String> form) {
        String path = uri.getPath();
        if (path.endsWith(INTROSPECTION_PATH)) {
            return true;
        }
        return path.endsWith(TOKEN_PATH)
                && (OAuth2Constants.CLIENT_CREDENTIALS.equals(form.getFirst(OAuth2Constants.GRANT_TYPE)) || isKeyExchange(form));
    }
}
