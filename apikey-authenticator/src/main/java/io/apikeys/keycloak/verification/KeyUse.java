package io.apikeys.keycloak.verification;

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
 */
public record KeyUse(String clientId, boolean conflictingClientIds, boolean grantAllowed) {

    /** The check endpoint and introspection: the key is the only credential, and may be used there. */
    public static final KeyUse ANY_CLIENT = new KeyUse(null, false, true);

    Optional<FailureReason> refusal(ClientModel keyClient) {
        // A key only ever authenticates its own client.
        if (conflictingClientIds || clientId != null && !clientId.equals(keyClient.getClientId())) {
            return Optional.of(FailureReason.WRONG_CLIENT);
        }
        // Keys mint only short-lived, narrowed tokens: no user logins, refresh tokens or other exchanges.
        return grantAllowed ? Optional.empty() : Optional.of(FailureReason.GRANT_NOT_ALLOWED);
    }
}
