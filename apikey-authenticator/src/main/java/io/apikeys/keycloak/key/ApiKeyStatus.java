package io.apikeys.keycloak.key;

/** The lifecycle state of a key, computed from its timestamps and flag; only ACTIVE keys authenticate. */
public enum ApiKeyStatus {
    ACTIVE, EXPIRED, REVOKED, DISABLED;

    /** Revocation wins over expiry, expiry over the enabled flag. */
    public static ApiKeyStatus of(boolean enabled, Long expiresTimestamp, Long revokedTimestamp, long nowMillis) {
        if (revokedTimestamp != null) {
            return REVOKED;
        }
        if (expiresTimestamp != null && expiresTimestamp <= nowMillis) {
            return EXPIRED;
        }
        return enabled ? ACTIVE : DISABLED;
    }
}
