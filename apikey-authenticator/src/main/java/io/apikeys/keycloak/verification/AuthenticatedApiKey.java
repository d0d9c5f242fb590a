package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.ApiKey;
import org.keycloak.models.KeycloakSession;

/**
 * The key that authenticated the current request, kept for the rest of the request so the grant that mints the
 * token applies that key's restrictions without parsing, hashing, checking or counting the key a second time.
 */
public final class AuthenticatedApiKey {

    private static final String ATTRIBUTE = AuthenticatedApiKey.class.getName();

    private final Verification.Accepted verification;
    private final ApiKey presented;

    public AuthenticatedApiKey(Verification.Accepted verification, ApiKey presented) {
        this.verification = verification;
        this.presented = presented;
    }

    public Verification.Accepted verification() {
        return verification;
    }

    /** Whether {@code candidate} (say the exchange's subject token) is the key that authenticated this request. */
    public boolean isFor(String candidate) {
        return presented.is(candidate);
    }

    public void attachTo(KeycloakSession session) {
        session.setAttribute(ATTRIBUTE, this);
    }

    /** The key of this request, or null when the client authenticated otherwise. */
    public static AuthenticatedApiKey of(KeycloakSession session) {
        return session.getAttribute(ATTRIBUTE, AuthenticatedApiKey.class);
    }
}
