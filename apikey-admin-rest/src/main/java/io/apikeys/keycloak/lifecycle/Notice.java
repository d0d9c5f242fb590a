package io.apikeys.keycloak.lifecycle;

/**
 * Why a key's contacts and creator get an e-mail. Each has the messages {@code apiKeyNotice<NAME>Subject} and
 * {@code apiKeyNotice<NAME>Body} (extension JAR, {@code theme-resources/messages}), which a realm can override in its
 * localization texts like any of Keycloak's own.
 */
public enum Notice {
    /** The key reached one of the realm's {@code expiryNoticeDays}. */
    EXPIRY,
    /** The key was reported as leaked; the e-mail says what {@code leakedKeyAction} did. */
    LEAKED,
    /** A rotated key of its chain was presented again, so the whole chain was revoked. */
    REUSED,
    /** Nobody used the key for the realm's {@code disableUnusedAfterDays}, so it was disabled. */
    UNUSED
}
