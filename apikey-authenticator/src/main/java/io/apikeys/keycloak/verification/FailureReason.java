package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.limit.SourceAddressThrottle;

/**
 * Why a presented key was refused. Callers always get the same answer ({@code 401 invalid_client} or
 * {@code {"active": false}}); the reason only goes to the Keycloak event, detail {@code reason}.
 */
public enum FailureReason {
    MALFORMED_KEY("malformed_key"),
    UNKNOWN_KEY("unknown_key"),
    EXPIRED_KEY("expired_key"),
    REVOKED_KEY("revoked_key"),
    DISABLED_KEY("disabled_key"),
    CLIENT_DISABLED("client_disabled"),
    SERVICE_ACCOUNT_DISABLED("service_account_disabled"),
    /** The user of a personal key no longer exists. */
    USER_NOT_FOUND("user_not_found"),
    /** The user of a personal key is disabled or locked out (brute-force protection). */
    USER_DISABLED("user_disabled"),
    /** A personal key of a client the realm's {@code personalKeys.clients} no longer lists, or personal keys are off. */
    CLIENT_NOT_ALLOWED("client_not_allowed"),
    /** A personal key lists a role its user no longer holds. */
    ROLE_NOT_HELD("role_not_held"),
    /** A personal key sent as a client secret: it authenticates a person, never a client. */
    PERSONAL_KEY_AS_SECRET("personal_key_as_secret"),
    IP_NOT_ALLOWED("ip_not_allowed"),
    WRONG_CLIENT("wrong_client"),
    /** A key with audiences introspected by a client it does not name. */
    AUDIENCE_NOT_ALLOWED("audience_not_allowed"),
    /** The key's client no longer uses the API key client authenticator. */
    KEYS_NOT_ENABLED("keys_not_enabled"),
    /** The key has restrictions, but its service account holds admin roles the key does not list. */
    RESTRICTIONS_NOT_ENFORCEABLE("restrictions_not_enforceable"),
    /** A key sent as client secret for a grant or endpoint keys are not made for. */
    GRANT_NOT_ALLOWED("grant_not_allowed"),
    /** Too many failures from the caller's address, see {@link SourceAddressThrottle}; the key was not looked up. */
    ADDRESS_THROTTLED("address_throttled"),
    /**
     * A token minted from a key was sent where Keycloak would mint another token from it (standard token exchange,
     * the UMA grant): that token would outlive the key's revocation and could carry what the key does not.
     */
    KEY_TOKEN_NOT_EXCHANGEABLE("key_token_not_exchangeable"),
    /** The key was accepted, but Keycloak refused to mint the token asked for with it (say a client policy). */
    TOKEN_NOT_ISSUED("token_not_issued");

    private final String eventValue;

    FailureReason(String eventValue) {
        this.eventValue = eventValue;
    }

    public String eventValue() {
        return eventValue;
    }
}
