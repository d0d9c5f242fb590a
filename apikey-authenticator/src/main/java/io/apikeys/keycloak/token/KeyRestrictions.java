package io.apikeys.keycloak.token;

import io.apikeys.keycloak.store.RealmApiKeySettings;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a key allows in a token: which optional scopes may be requested, which audiences, which roles the token
 * keeps and how long it lives. One place for those rules, used by both the exchange and client credentials.
 */
final class KeyRestrictions {

    static final String API_KEY_ID_CLAIM = "api_key_id";

    /** A refused request: the OAuth error code and a description for the caller. */
    record Violation(String error, String description) {
    }

    private final StoredApiKey key;
    private final RealmModel realm;
    private final ClientModel client;

    KeyRestrictions(StoredApiKey key, RealmModel realm, ClientModel client) {
        this.key = key;
        this.realm = realm;
        this.client = client;
    }

    /** Null when the requested scopes are all within the key's (default client scopes always are). */
    Violation checkScopes(String scopeParam) {
        if (key.scopes().isEmpty() || scopeParam == null || scopeParam.isBlank()) {
            return null;
        }
        Set<String> allowed = new HashSet<>(key.scopes());
        allowed.add("openid");
        client.getClientScopes(true).values().stream().map(ClientScopeModel::getName).forEach(allowed::add);
        for (String scope : scopeParam.trim().split("\\s+")) {
            if (!allowed.contains(scope)) {
                return new Violation(OAuthErrorException.INVALID_SCOPE, "scope '" + scope + "' is not allowed for this API key");
            }
        }
        return null;
    }

    /** Null when every requested audience is one of the key's (or, if the key names none, a client of the realm). */
    Violation checkAudiences(List<String> requested) {
        for (String audience : requested) {
            boolean allowed = key.audiences().isEmpty()
                    ? realm.getClientByClientId(audience) != null
                    : key.audiences().contains(audience);
            if (!allowed) {
                return new Violation(OAuthErrorException.INVALID_TARGET, "audience '" + audience + "' is not allowed for this API key");
            }
        }
        return null;
    }

    /** Narrows a freshly built access token to the key: roles, audience, lifetime, and the key id claim. */
    void applyTo(AccessToken token, List<String> requestedAudiences) {
        keepOnlyKeyRoles(token);
        if (!requestedAudiences.isEmpty()) {
            token.audience(requestedAudiences.toArray(String[]::new));
        } else if (!key.audiences().isEmpty()) {
            token.audience(key.audiences().toArray(String[]::new));
        }
        int lifespan = RealmApiKeySettings.of(realm).effectiveTokenLifespan(key.tokenLifespanSeconds());
        token.exp(token.getIat() + lifespan);
        token.setOtherClaims(API_KEY_ID_CLAIM, key.id());
    }

    private void keepOnlyKeyRoles(AccessToken token) {
        if (key.roles().isEmpty()) {
            return;
        }
        Set<String> keyRoles = new HashSet<>(key.roles());
        if (token.getRealmAccess() != null && token.getRealmAccess().getRoles() != null) {
            token.getRealmAccess().getRoles().retainAll(keyRoles);
        }
        if (token.getResourceAccess() != null) {
            Map<String, AccessToken.Access> kept = new HashMap<>();
            token.getResourceAccess().forEach((clientId, access) -> {
                if (access.getRoles() != null) {
                    access.getRoles().removeIf(role -> !keyRoles.contains(clientId + "/" + role));
                    if (!access.getRoles().isEmpty()) {
                        kept.put(clientId, access);
                    }
                }
            });
            token.setResourceAccess(kept);
        }
    }

    static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }
}
