package io.apikeys.keycloak.verification;

import org.keycloak.models.KeycloakSession;

/**
 * The key that authenticated the current request, kept for the rest of the request so the grant that mints the
 * token applies that key's restrictions without checking (and counting) the key a second time.
 */
public record AuthenticatedApiKey(Verification.Accepted verification, String presentedKeyHash) {

    private static final String ATTRIBUTE = AuthenticatedApiKey.class.getName();

    public void attachTo(KeycloakSession session) {
        session.setAttribute(ATTRIBUTE, this);
    }

    /** The key of this request, or null when the client authenticated otherwise. */
    public static AuthenticatedApiKey of(KeycloakSession session) {
        return session.getAttribute(ATTRIBUTE, AuthenticatedApiKey.class);
    }
}
