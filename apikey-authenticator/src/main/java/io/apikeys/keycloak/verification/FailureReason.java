package io.apikeys.keycloak.verification;

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
    IP_NOT_ALLOWED("ip_not_allowed"),
    WRONG_CLIENT("wrong_client"),
    /** Too many failures from the caller's address, see {@link SourceAddressThrottle}; the key was not looked up. */
    ADDRESS_THROTTLED("address_throttled");

    private final String eventValue;

    FailureReason(String eventValue) {
        this.eventValue = eventValue;
    }

    public String eventValue() {
        return eventValue;
    }
}
