package io.apikeys.keycloak.authenticator;

import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import org.keycloak.models.RealmModel;

/** Tells an API key from an ordinary client secret: only a key has one of the realm's prefixes and a valid checksum. */
final class ApiKeyShape {

    private ApiKeyShape() {
    }

    static boolean matches(RealmModel realm, String secret) {
        return secret != null && RealmApiKeySettings.acceptedPrefixes(realm).stream()
                .anyMatch(prefix -> ApiKeyFormat.parse(secret, prefix).isPresent());
    }
}
