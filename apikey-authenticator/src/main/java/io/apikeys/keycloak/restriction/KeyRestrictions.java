package io.apikeys.keycloak.restriction;

import io.apikeys.keycloak.policy.AdminRoleExposure;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.representations.AccessToken;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a key allows in a token: which optional scopes may be requested, which audiences, which roles Keycloak
 * may compute for the token and how long it lives. The one place for those rules; the exchange, client
 * credentials and the introspection of a key's token all ask it.
 */
public final class KeyRestrictions {

    public static final String API_KEY_ID_CLAIM = "api_key_id";

    /**
     * The {@code typ} claim of a token minted from a restricted key (Keycloak's own tokens say {@code Bearer}).
     * Every Keycloak endpoint that takes an access token as its credential or input (admin and account API,
     * userinfo, UMA, token exchange, client registration, ...) verifies {@code typ == Bearer}, and none of them can
     * honour a key's roles, scopes or audiences: so they all refuse such a token, including endpoints added by
     * later Keycloak versions. Resource servers and gateways verify the signature, {@code iss}, {@code exp} and
     * {@code aud}, never this Keycloak-specific claim, and accept it; the token response still says
     * {@code token_type: Bearer}. See docs/architecture.md.
     */
    public static final String RESTRICTED_TOKEN_TYPE = "ApiKey-Restricted";

    /** A refused request: the OAuth error code and a description for the caller. */
    public record Violation(String error, String description) {
    }

    private final StoredApiKey key;
    private final RealmModel realm;
    private final ClientModel client;

    public KeyRestrictions(StoredApiKey key, RealmModel realm, ClientModel client) {
        this.key = key;
        this.realm = realm;
        this.client = client;
    }

    /** The key id a token minted from a key carries, or null for any other token. */
    public static String keyIdOf(AccessToken token) {
        return token.getOtherClaims().get(API_KEY_ID_CLAIM) instanceof String id ? id : null;
    }

    /**
     * The key id a JWT carries in its payload, read without checking the signature, or null for anything else. Only
     * for refusing: a token named here is never accepted on the strength of this claim.
     */
    public static String keyIdOf(String jwt) {
        if (!isJwt(jwt)) {
            return null;
        }
        try {
            return keyIdOf(new JWSInput(jwt).readJsonContent(AccessToken.class));
        } catch (JWSInputException | RuntimeException notAToken) {
            return null;
        }
    }

    /** Whether {@code token} has a JWT's shape (three dot-separated parts); says nothing of its signature. */
    public static boolean isJwt(String token) {
        return token != null && token.chars().filter(c -> c == '.').count() == 2;
    }

    /** Null when the requested scopes are all within the key's (default client scopes always are). */
    public Violation checkScopes(String scopeParam) {
        if (scopeParam == null || scopeParam.isBlank()) {
            return null;
        }
        List<String> requested = Arrays.asList(scopeParam.trim().split("\\s+"));
        // Keycloak's userinfo endpoint rebuilds role claims from the service account's own roles, with no way for an
        // extension to narrow them; a token that cannot reach userinfo cannot show them there.
        if (!key.roles().isEmpty() && requested.contains(OAuth2Constants.SCOPE_OPENID)) {
            return new Violation(OAuthErrorException.INVALID_SCOPE,
                    "scope 'openid' is not available to an API key with roles: userinfo would not honour them");
        }
        if (key.scopes().isEmpty()) {
            return null;
        }
        Set<String> allowed = new HashSet<>(key.scopes());
        allowed.add(OAuth2Constants.SCOPE_OPENID);
        client.getClientScopes(true).values().stream().map(ClientScopeModel::getName).forEach(allowed::add);
        for (String scope : requested) {
            if (!allowed.contains(scope)) {
                return new Violation(OAuthErrorException.INVALID_SCOPE, "scope '" + scope + "' is not allowed for this API key");
            }
        }
        return null;
    }

    /** Null when every requested audience is one of the key's; a key without audiences is checked by {@link #checkAudiencesOf}. */
    public Violation checkAudiences(List<String> requested) {
        if (key.audiences().isEmpty()) {
            return null;
        }
        return requested.stream().filter(audience -> !key.audiences().contains(audience)).findFirst()
                .map(KeyRestrictions::audienceRefused).orElse(null);
    }

    /**
     * For a key without audiences: null when every requested audience is one the token would carry anyway, so a
     * key cannot borrow the name of a client (say {@code realm-management}) its roles never reach.
     */
    public Violation checkAudiencesOf(AccessToken token, List<String> requested) {
        if (!key.audiences().isEmpty() || requested.isEmpty()) {
            return null;
        }
        List<String> carried = token.getAudience() == null ? List.of() : Arrays.asList(token.getAudience());
        return requested.stream().filter(audience -> !carried.contains(audience)).findFirst()
                .map(KeyRestrictions::audienceRefused).orElse(null);
    }

    /** The client session context Keycloak builds the token from, with only the key's roles (if it names any). */
    public ClientSessionContext narrow(ClientSessionContext context) {
        if (key.roles().isEmpty()) {
            return context;
        }
        Set<RoleModel> allowed = AdminRoleExposure.expand(realm, key.roles());
        return new NarrowedClientSessionContext(context, allowed);
    }

    /** Sets what the key decides beyond roles on a freshly built token: audience, lifetime and the key id claim. */
    public void applyTo(AccessToken token, List<String> requestedAudiences) {
        if (!requestedAudiences.isEmpty()) {
            token.audience(requestedAudiences.toArray(String[]::new));
        } else if (!key.audiences().isEmpty()) {
            token.audience(key.audiences().toArray(String[]::new));
        }
        token.exp(expiry(token));
        token.setOtherClaims(API_KEY_ID_CLAIM, key.id());
        if (AdminRoleExposure.restricts(key.roles(), key.scopes(), key.audiences())) {
            token.type(RESTRICTED_TOKEN_TYPE);
        }
    }

    private long expiry(AccessToken token) {
        return tokenExpiry(token.getIat(), token.getExp(),
                RealmApiKeySettings.of(realm).effectiveTokenLifespan(key.tokenLifespanSeconds()), key.expiresTimestamp());
    }

    /**
     * The earliest of: what Keycloak itself gave the token (realm or client access token lifespan), the key's token
     * lifespan (already capped by the realm's {@code maxTokenLifespanSeconds}), and the key's own expiry. A token
     * never outlives its key.
     */
    static long tokenExpiry(long iat, Long keycloakExp, int lifespanSeconds, Long keyExpiresMillis) {
        long exp = iat + lifespanSeconds;
        if (keycloakExp != null && keycloakExp > iat) {
            exp = Math.min(exp, keycloakExp);
        }
        if (keyExpiresMillis != null) {
            exp = Math.min(exp, keyExpiresMillis / 1000);
        }
        return exp;
    }

    private static Violation audienceRefused(String audience) {
        return new Violation(OAuthErrorException.INVALID_TARGET, "audience '" + audience + "' is not allowed for this API key");
    }
}
