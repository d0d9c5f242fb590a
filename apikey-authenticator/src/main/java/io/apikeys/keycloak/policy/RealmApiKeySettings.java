package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.key.ApiKeyFormat;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A realm's key policy. Stored as realm attributes, so Keycloak's realm cache serves it and invalidates it on every
 * node of a cluster when it changes. This is the one place that reads and writes those attributes.
 *
 * @param maxLifetimeSeconds the longest a key may live from its creation, or null for no limit
 * @param usageRetentionDays how long the hourly usage of keys is kept, in days
 * @param leakedKeyAction    what happens to a key reported as leaked
 * @param expiryNoticeDays   days before a key's expiry at which its contacts and creator are told, largest first
 *                           (empty: never)
 * @param disableUnusedAfterDays a key nobody used for this many days is disabled, or null for never
 */
public record RealmApiKeySettings(
        boolean requireExpiry,
        Long maxLifetimeSeconds,
        int defaultTokenLifespanSeconds,
        int maxTokenLifespanSeconds,
        int maxKeysPerClient,
        String keyPrefix,
        int usageRetentionDays,
        LeakedKeyAction leakedKeyAction,
        List<Integer> expiryNoticeDays,
        Integer disableUnusedAfterDays) {

    public static final RealmApiKeySettings DEFAULTS =
            new RealmApiKeySettings(false, null, 300, 3600, 100, ApiKeyFormat.DEFAULT_PREFIX, 90,
                    LeakedKeyAction.REVOKE, List.of(30, 7, 1), null);

    static final int MAX_TOKEN_LIFESPAN_LIMIT = 86_400;
    static final int MAX_KEYS_PER_CLIENT_LIMIT = 100_000;
    static final int MAX_USAGE_RETENTION_DAYS = 3650;
    static final int MAX_EXPIRY_NOTICE_DAYS = 365;
    static final int MAX_EXPIRY_NOTICES = 10;
    static final int MAX_UNUSED_DAYS = 3650;

    private static final String ATTRIBUTE_PREFIX = "apiKeys.";
    private static final String REQUIRE_EXPIRY = ATTRIBUTE_PREFIX + "requireExpiry";
    private static final String MAX_LIFETIME = ATTRIBUTE_PREFIX + "maxLifetimeSeconds";
    private static final String DEFAULT_TOKEN_LIFESPAN = ATTRIBUTE_PREFIX + "defaultTokenLifespanSeconds";
    private static final String MAX_TOKEN_LIFESPAN = ATTRIBUTE_PREFIX + "maxTokenLifespanSeconds";
    private static final String MAX_KEYS_PER_CLIENT = ATTRIBUTE_PREFIX + "maxKeysPerClient";
    private static final String KEY_PREFIX = ATTRIBUTE_PREFIX + "keyPrefix";
    private static final String USAGE_RETENTION_DAYS = ATTRIBUTE_PREFIX + "usageRetentionDays";
    private static final String PREVIOUS_KEY_PREFIXES = ATTRIBUTE_PREFIX + "previousKeyPrefixes";
    private static final String LEAKED_KEY_ACTION = ATTRIBUTE_PREFIX + "leakedKeyAction";
    private static final String EXPIRY_NOTICE_DAYS = ATTRIBUTE_PREFIX + "expiryNoticeDays";
    private static final String DISABLE_UNUSED_AFTER_DAYS = ATTRIBUTE_PREFIX + "disableUnusedAfterDays";

    /** The thresholds distinct and largest first, so that the last one crossed is the smallest. */
    public RealmApiKeySettings {
        if (expiryNoticeDays != null && expiryNoticeDays.stream().allMatch(Objects::nonNull)) {
            expiryNoticeDays = expiryNoticeDays.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        }
    }

    /** Checks the values; throws {@link ApiKeyValidationException} with a message naming the bad field. */
    public RealmApiKeySettings validated() {
        if (maxLifetimeSeconds != null && (maxLifetimeSeconds < 60 || maxLifetimeSeconds > 100L * 365 * 86_400)) {
            throw invalid("maxLifetimeSeconds must be null or between 60 and 3153600000");
        }
        if (maxTokenLifespanSeconds < 1 || maxTokenLifespanSeconds > MAX_TOKEN_LIFESPAN_LIMIT) {
            throw invalid("maxTokenLifespanSeconds must be between 1 and " + MAX_TOKEN_LIFESPAN_LIMIT);
        }
        if (defaultTokenLifespanSeconds < 1 || defaultTokenLifespanSeconds > maxTokenLifespanSeconds) {
            throw invalid("defaultTokenLifespanSeconds must be between 1 and maxTokenLifespanSeconds");
        }
        if (maxKeysPerClient < 1 || maxKeysPerClient > MAX_KEYS_PER_CLIENT_LIMIT) {
            throw invalid("maxKeysPerClient must be between 1 and " + MAX_KEYS_PER_CLIENT_LIMIT);
        }
        if (!ApiKeyFormat.isValidPrefix(keyPrefix)) {
            throw invalid("keyPrefix must be 2 to 16 lower-case letters or digits, starting with a letter");
        }
        if (usageRetentionDays < 1 || usageRetentionDays > MAX_USAGE_RETENTION_DAYS) {
            throw invalid("usageRetentionDays must be between 1 and " + MAX_USAGE_RETENTION_DAYS);
        }
        if (leakedKeyAction == null) {
            throw invalid("leakedKeyAction must be REVOKE, DISABLE or REPORT");
        }
        if (expiryNoticeDays == null || expiryNoticeDays.size() > MAX_EXPIRY_NOTICES
                || expiryNoticeDays.stream().anyMatch(d -> d == null || d < 1 || d > MAX_EXPIRY_NOTICE_DAYS)) {
            throw invalid("expiryNoticeDays must be a list of at most " + MAX_EXPIRY_NOTICES + " days between 1 and "
                    + MAX_EXPIRY_NOTICE_DAYS + " ([] for no notices)");
        }
        if (disableUnusedAfterDays != null && (disableUnusedAfterDays < 1 || disableUnusedAfterDays > MAX_UNUSED_DAYS)) {
            throw invalid("disableUnusedAfterDays must be null or between 1 and " + MAX_UNUSED_DAYS);
        }
        return this;
    }

    /** The lifetime of tokens minted from a key: its own, else the realm default, never above the realm cap. */
    public int effectiveTokenLifespan(Integer keyLifespanSeconds) {
        int wanted = keyLifespanSeconds != null ? keyLifespanSeconds : defaultTokenLifespanSeconds;
        return Math.min(wanted, maxTokenLifespanSeconds);
    }

    public static RealmApiKeySettings of(RealmModel realm) {
        String prefix = currentPrefix(realm);
        return new RealmApiKeySettings(
                Boolean.parseBoolean(realm.getAttribute(REQUIRE_EXPIRY)),
                realm.getAttribute(MAX_LIFETIME) == null ? null : realm.getAttribute(MAX_LIFETIME, 0L),
                realm.getAttribute(DEFAULT_TOKEN_LIFESPAN, DEFAULTS.defaultTokenLifespanSeconds),
                realm.getAttribute(MAX_TOKEN_LIFESPAN, DEFAULTS.maxTokenLifespanSeconds),
                realm.getAttribute(MAX_KEYS_PER_CLIENT, DEFAULTS.maxKeysPerClient),
                prefix,
                realm.getAttribute(USAGE_RETENTION_DAYS, DEFAULTS.usageRetentionDays),
                LeakedKeyAction.parse(realm.getAttribute(LEAKED_KEY_ACTION)).orElse(DEFAULTS.leakedKeyAction),
                expiryNoticeDays(realm.getAttribute(EXPIRY_NOTICE_DAYS)),
                realm.getAttribute(DISABLE_UNUSED_AFTER_DAYS) == null ? null
                        : realm.getAttribute(DISABLE_UNUSED_AFTER_DAYS, 0));
    }

    private static List<Integer> expiryNoticeDays(String stored) {
        if (stored == null) {
            return DEFAULTS.expiryNoticeDays;
        }
        return Arrays.stream(stored.split(",")).map(String::trim).filter(d -> !d.isEmpty())
                .map(Integer::valueOf).toList();
    }

    /**
     * The expiry-notice threshold a key that expires in {@code millisLeft} has reached: the smallest of the realm's
     * days that is at least the time left, or empty when none is.
     */
    public OptionalInt noticeThreshold(long millisLeft) {
        OptionalInt reached = OptionalInt.empty();
        for (int days : expiryNoticeDays) {
            if (millisLeft <= days * 86_400_000L) {
                reached = OptionalInt.of(days);
            }
        }
        return reached;
    }

    private static String currentPrefix(RealmModel realm) {
        String prefix = realm.getAttribute(KEY_PREFIX);
        return prefix == null ? DEFAULTS.keyPrefix : prefix;
    }

    /**
     * Prefixes a presented key may carry: the current one and every earlier one, so that changing the prefix
     * affects new keys only and never breaks keys already handed out.
     */
    public static List<String> acceptedPrefixes(RealmModel realm) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add(currentPrefix(realm));
        prefixes.add(PersonalKeySettings.keyPrefix(realm));
        prefixes.addAll(previousPrefixes(realm));
        return prefixes.stream().distinct().toList();
    }

    private static List<String> previousPrefixes(RealmModel realm) {
        String previous = realm.getAttribute(PREVIOUS_KEY_PREFIXES);
        return previous == null || previous.isBlank() ? List.of() : Arrays.asList(previous.split(","));
    }

    /** Keeps {@code replaced} among the accepted prefixes once {@code current} takes its place. */
    private static void rememberPrefix(RealmModel realm, String replaced, String current) {
        if (!replaced.equals(current)) {
            List<String> previous = new ArrayList<>(previousPrefixes(realm));
            previous.add(replaced);
            previous.remove(current);
            realm.setAttribute(PREVIOUS_KEY_PREFIXES, String.join(",", previous.stream().distinct().toList()));
        }
    }

    /**
     * Writes the personal-key policy; a changed prefix joins the earlier ones, so keys already handed out keep
     * working.
     */
    public static void writePersonalKeys(RealmModel realm, PersonalKeySettings personal) {
        personal.validated(currentPrefix(realm));
        rememberPrefix(realm, PersonalKeySettings.keyPrefix(realm), personal.keyPrefix());
        personal.writeTo(realm);
    }

    public void writeTo(RealmModel realm) {
        validated();
        if (keyPrefix.equals(PersonalKeySettings.keyPrefix(realm))) {
            throw invalid("keyPrefix must differ from personalKeys.keyPrefix");
        }
        rememberPrefix(realm, currentPrefix(realm), keyPrefix);
        realm.setAttribute(REQUIRE_EXPIRY, String.valueOf(requireExpiry));
        if (maxLifetimeSeconds == null) {
            realm.removeAttribute(MAX_LIFETIME);
        } else {
            realm.setAttribute(MAX_LIFETIME, String.valueOf(maxLifetimeSeconds));
        }
        realm.setAttribute(DEFAULT_TOKEN_LIFESPAN, String.valueOf(defaultTokenLifespanSeconds));
        realm.setAttribute(MAX_TOKEN_LIFESPAN, String.valueOf(maxTokenLifespanSeconds));
        realm.setAttribute(MAX_KEYS_PER_CLIENT, String.valueOf(maxKeysPerClient));
        realm.setAttribute(KEY_PREFIX, keyPrefix);
        realm.setAttribute(USAGE_RETENTION_DAYS, String.valueOf(usageRetentionDays));
        realm.setAttribute(LEAKED_KEY_ACTION, leakedKeyAction.name());
        realm.setAttribute(EXPIRY_NOTICE_DAYS,
                String.join(",", expiryNoticeDays.stream().map(String::valueOf).toList()));
        if (disableUnusedAfterDays == null) {
            realm.removeAttribute(DISABLE_UNUSED_AFTER_DAYS);
        } else {
            realm.setAttribute(DISABLE_UNUSED_AFTER_DAYS, String.valueOf(disableUnusedAfterDays));
        }
    }

    private static ApiKeyValidationException invalid(String description) {
        return new ApiKeyValidationException("invalid_settings", description);
    }
}
