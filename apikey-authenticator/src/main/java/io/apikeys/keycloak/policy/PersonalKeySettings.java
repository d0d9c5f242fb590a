package io.apikeys.keycloak.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.apikeys.keycloak.key.ApiKeyFormat;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A realm's policy for personal keys, the keys of a user (realm setting {@code personalKeys}): whether users may
 * have them, the clients their tokens may be minted for, the longest lifetime (a personal key always expires), how
 * many live keys a user may hold, and their prefix, distinct from the service keys' so that secret scanners and the
 * leak endpoints tell the two apart. Realm attributes {@code apiKeys.personalKeys.*}, like the other settings.
 */
public record PersonalKeySettings(
        boolean enabled,
        List<String> clients,
        long maxLifetimeSeconds,
        int maxKeysPerUser,
        String keyPrefix) {

    public static final PersonalKeySettings DEFAULTS =
            new PersonalKeySettings(false, List.of(), 90L * 86_400, 10, "kcpk");
    static final int MAX_CLIENTS = 100;
    static final int MAX_KEYS_PER_USER_LIMIT = 1000;
    private static final String ATTRIBUTE_PREFIX = "apiKeys.personalKeys.";
    private static final String ENABLED = ATTRIBUTE_PREFIX + "enabled";
    private static final String CLIENTS = ATTRIBUTE_PREFIX + "clients";
    private static final String MAX_LIFETIME = ATTRIBUTE_PREFIX + "maxLifetimeSeconds";
    private static final String MAX_KEYS_PER_USER = ATTRIBUTE_PREFIX + "maxKeysPerUser";
    private static final String KEY_PREFIX = ATTRIBUTE_PREFIX + "keyPrefix";
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };

    public PersonalKeySettings {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** Checks the values against each other and the service keys' prefix; the error names the bad field. */
    public PersonalKeySettings validated(String serviceKeyPrefix) {
        if (clients.size() > MAX_CLIENTS || clients.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw invalid("personalKeys.clients must be at most " + MAX_CLIENTS + " client ids");
        }
        if (maxLifetimeSeconds < 60 || maxLifetimeSeconds > 100L * 365 * 86_400) {
            throw invalid("personalKeys.maxLifetimeSeconds must be between 60 and 3153600000");
        }
        if (maxKeysPerUser < 1 || maxKeysPerUser > MAX_KEYS_PER_USER_LIMIT) {
            throw invalid("personalKeys.maxKeysPerUser must be between 1 and " + MAX_KEYS_PER_USER_LIMIT);
        }
        if (!ApiKeyFormat.isValidPrefix(keyPrefix) || keyPrefix.equals(serviceKeyPrefix)) {
            throw invalid("personalKeys.keyPrefix must be 2 to 16 lower-case letters or digits, starting with a letter,"
                    + " and differ from keyPrefix");
        }
        return this;
    }

    /** Whether a personal key may mint tokens for the client with this clientId. */
    public boolean allows(String clientId) {
        return enabled && clients.contains(clientId);
    }

    public static PersonalKeySettings of(RealmModel realm) {
        return new PersonalKeySettings(Boolean.parseBoolean(realm.getAttribute(ENABLED)), clients(realm),
                realm.getAttribute(MAX_LIFETIME, DEFAULTS.maxLifetimeSeconds),
                realm.getAttribute(MAX_KEYS_PER_USER, DEFAULTS.maxKeysPerUser), keyPrefix(realm));
    }

    /** The prefix of new personal keys; read on every key parse, so one attribute and no JSON. */
    public static String keyPrefix(RealmModel realm) {
        String prefix = realm.getAttribute(KEY_PREFIX);
        return prefix == null ? DEFAULTS.keyPrefix : prefix;
    }

    private static List<String> clients(RealmModel realm) {
        String stored = realm.getAttribute(CLIENTS);
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return JsonSerialization.readValue(stored, LIST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeTo(RealmModel realm) {
        realm.setAttribute(ENABLED, String.valueOf(enabled));
        try {
            realm.setAttribute(CLIENTS, JsonSerialization.writeValueAsString(clients));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        realm.setAttribute(MAX_LIFETIME, String.valueOf(maxLifetimeSeconds));
        realm.setAttribute(MAX_KEYS_PER_USER, String.valueOf(maxKeysPerUser));
        realm.setAttribute(KEY_PREFIX, keyPrefix);
    }

    private static ApiKeyValidationException invalid(String description) {
        return new ApiKeyValidationException("invalid_settings", description);
    }
}
