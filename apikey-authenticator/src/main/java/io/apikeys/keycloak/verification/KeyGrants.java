package io.apikeys.keycloak.verification;

/** The names by which Keycloak's OIDC endpoints know keys: the client authenticator and the exchange's token type. */
public final class KeyGrants {

    /** The client authenticator a client must use for its keys to work ({@code ApiKeyClientAuthenticatorFactory}). */
    public static final String CLIENT_AUTHENTICATOR_ID = "client-api-key";
    /** Its name in the admin console's Credentials tab. */
    public static final String CLIENT_AUTHENTICATOR_NAME = "Client secret or API key";

    /** The {@code subject_token_type} of the key exchange. */
    public static final String API_KEY_TOKEN_TYPE = "urn:keycloak-apikey:token-type:api-key";

    private KeyGrants() {
    }
}
