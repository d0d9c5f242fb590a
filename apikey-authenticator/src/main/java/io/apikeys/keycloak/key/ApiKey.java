package io.apikeys.keycloak.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A full API key as presented by a caller or as created once. The secret value is only reachable through
 * {@link #reveal()}; {@link #toString()} shows the displayable start so a key never ends up in a log by accident.
 */
public final class ApiKey {

    private final String value;
    private final String prefix;
    private final ApiKeyHash hash;

    ApiKey(String value, String prefix) {
        this.value = value;
        this.prefix = prefix;
        this.hash = ApiKeyHash.of(value);
    }

    /** The full key. Call it only to hand the key to its owner, once. */
    public String reveal() {
        return value;
    }

    public String prefix() {
        return prefix;
    }

    /** The displayable, non-secret start: the prefix, '_' and the first 7 random characters. */
    public String start() {
        return value.substring(0, prefix.length() + 1 + ApiKeyFormat.START_RANDOM_CHARS);
    }

    /** Computed once, when the key is parsed or generated; from there only the hash travels. */
    public ApiKeyHash hash() {
        return hash;
    }

    /** Whether {@code candidate} is this very key (compared in constant time). */
    public boolean is(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return start() + "...";
    }
}
