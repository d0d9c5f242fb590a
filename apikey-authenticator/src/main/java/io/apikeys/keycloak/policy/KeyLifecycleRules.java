package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.key.ApiKeyStatus;

/**
 * The realm's rules for how many keys a client may hold and how a key is replaced: one place, whatever stores the
 * keys. Each check throws {@link ApiKeyValidationException} with the error code the REST API answers.
 */
public final class KeyLifecycleRules {

    /** The longest rotation grace period: 30 days. */
    public static final long MAX_GRACE_PERIOD_SECONDS = 30L * 86_400;

    private KeyLifecycleRules() {
    }

    /** A personal key for this client: the realm has personal keys on and lists the client for them. */
    public static void requirePersonalKeysFor(PersonalKeySettings personal, String clientId) {
        if (!personal.enabled()) {
            throw new ApiKeyValidationException("personal_keys_disabled", "this realm does not allow personal keys");
        }
        if (!personal.allows(clientId)) {
            throw new ApiKeyValidationException("client_not_allowed",
                    "client '" + clientId + "' is not listed in personalKeys.clients");
        }
    }

    /** A new personal key for a user who already has {@code liveKeys} live ones. */
    public static void requireRoomForPersonalKey(PersonalKeySettings personal, String username, long liveKeys) {
        if (liveKeys >= personal.maxKeysPerUser()) {
            throw new ApiKeyValidationException("too_many_keys", "user '" + username + "' already has " + liveKeys
                    + " personal keys; the realm allows " + personal.maxKeysPerUser());
        }
    }

    /** A new key for a client that already has {@code liveKeys} live (active or disabled) keys. */
    public static void requireRoomForNewKey(RealmApiKeySettings settings, String clientId, long liveKeys) {
        if (liveKeys >= settings.maxKeysPerClient()) {
            throw new ApiKeyValidationException("too_many_keys", "client '" + clientId + "' already has " + liveKeys
                    + " keys; the realm allows " + settings.maxKeysPerClient());
        }
    }

    /**
     * Whether a key may be rotated now. A revoked or expired key cannot be; a key is replaced once, since rotating
     * it again would hand out a second live successor. The key being replaced does not count against the limit
     * (it may live on for its grace period), every other live key does: so a client holds at most
     * {@code maxKeysPerClient} + 1 live keys, however often it rotates.
     *
     * @param liveKeys the client's live keys, the one being rotated included
     */
    public static void requireRotatable(RealmApiKeySettings settings, String clientId, ApiKeyStatus status,
                                        boolean hasSuccessor, long gracePeriodSeconds, long liveKeys) {
        requireRotatable(settings.maxKeysPerClient(), "client '" + clientId + "'", status, hasSuccessor,
                gracePeriodSeconds, liveKeys);
    }

    /**
     * As above, for an owner (a client, or the user of a personal key) allowed {@code maxLiveKeys}.
     *
     * @param owner how the refusal names the owner
     */
    public static void requireRotatable(int maxLiveKeys, String owner, ApiKeyStatus status,
                                        boolean hasSuccessor, long gracePeriodSeconds, long liveKeys) {
        if (gracePeriodSeconds < 0 || gracePeriodSeconds > MAX_GRACE_PERIOD_SECONDS) {
            throw new ApiKeyValidationException("invalid_grace_period",
                    "gracePeriodSeconds must be between 0 and " + MAX_GRACE_PERIOD_SECONDS);
        }
        if (status == ApiKeyStatus.REVOKED || status == ApiKeyStatus.EXPIRED) {
            throw new ApiKeyValidationException("invalid_state", "a " + status + " key cannot be rotated");
        }
        if (hasSuccessor) {
            throw new ApiKeyValidationException("invalid_state", "this key was rotated already; rotate its successor");
        }
        long others = liveKeys - 1;
        if (others + 1 > maxLiveKeys) {
            throw new ApiKeyValidationException("too_many_keys", owner + " already has " + others
                    + " other live keys; the realm allows " + maxLiveKeys);
        }
    }

    /** The successor keeps the lifetime length of the key it replaces, counted from now (none if it had none). */
    public static Long successorExpiry(Long expiresTimestamp, long createdTimestamp, long now) {
        return expiresTimestamp == null ? null : now + (expiresTimestamp - createdTimestamp);
    }

    /** The replaced key's new expiry: the end of the grace period, unless it would expire earlier anyway. */
    public static long replacedKeyExpiry(Long expiresTimestamp, long now, long gracePeriodSeconds) {
        long graceEnd = now + gracePeriodSeconds * 1000;
        return expiresTimestamp == null ? graceEnd : Math.min(expiresTimestamp, graceEnd);
    }
}
