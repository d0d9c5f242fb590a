package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.models.ClientModel;

import java.util.Optional;

/**
 * What a request asks a key to do besides being a usable key: authenticate the client it names, for the grant it
 * asks for. Checked by {@link ApiKeyVerifier} before the key's rate limit, quota and usage count, so that a use
 * refused for either reason spends none of them.
 *
 * @param clientId          the {@code client_id} the request names, or null if it names none
 * @param conflictingClientIds form and HTTP Basic name different clients
 * @param grantAllowed      the grant or endpoint is one keys may open ({@link KeyGrants#allows})
 * @param audience          the client that introspects the key, which a key with {@code audiences} must name; null
 *                          where the key holder, not a resource server, is the caller
 */
public record KeyUse(String clientId, boolean conflictingClientIds, boolean grantAllowed, String audience,
                     boolean asClientSecret) {

    /** The check endpoint: the key is the only credential, and may be used there. */
    public static final KeyUse ANY_CLIENT = new KeyUse(null, false, true, null, false);

    /** The key as the subject of its exchange, for the client that {@code clientId} names. */
    public KeyUse(String clientId, boolean conflictingClientIds, boolean grantAllowed) {
        this(clientId, conflictingClientIds, grantAllowed, null, false);
    }

    /** The key sent as a client secret (form or HTTP Basic), which a personal key never is. */
    public static KeyUse asClientSecret(String clientId, boolean conflictingClientIds, boolean grantAllowed) {
        return new KeyUse(clientId, conflictingClientIds, grantAllowed, null, true);
    }

    /**
     * Introspection by {@code caller}: as Keycloak answers for an access token only to a client in its {@code aud},
     * a key with audiences is active only for a client named in them.
     */
    public static KeyUse introspectionBy(String caller) {
        return new KeyUse(null, false, true, caller, false);
    }

    Optional<FailureReason> refusal(StoredApiKey key, ClientModel keyClient) {
        if (audience != null && !key.audiences().isEmpty() && !key.audiences().contains(audience)) {
            return Optional.of(FailureReason.AUDIENCE_NOT_ALLOWED);
        }
        // A key only ever authenticates its own client.
        if (conflictingClientIds || clientId != null && !clientId.equals(keyClient.getClientId())) {
            return Optional.of(FailureReason.WRONG_CLIENT);
        }
        if (asClientSecret && key.personal()) {
            return Optional.of(FailureReason.PERSONAL_KEY_AS_SECRET);
        }
        // Keys mint only short-lived, narrowed tokens: no user logins, refresh tokens or other exchanges.
        return grantAllowed ? Optional.empty() : Optional.of(FailureReason.GRANT_NOT_ALLOWED);
    }
}
