package io.apikeys.keycloak.key;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The key format: {@code <prefix>_<32 random base62 chars><6 base62 chars of CRC32>}. The checksum lets secret
 * scanners recognise keys and lets the server reject typos and garbage without touching the database.
 */
public final class ApiKeyFormat {

    public static final String DEFAULT_PREFIX = "kcak";
    public static final int RANDOM_CHARS = 32;
    public static final int CHECKSUM_CHARS = 6;
    public static final int START_RANDOM_CHARS = 7;
    /** A prefix is 2 to 16 lower-case letters and digits, starting with a letter. */
    public static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z][a-z0-9]{1,15}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    public static boolean isValidPrefix(String prefix) {
        return prefix != null && PREFIX_PATTERN.matcher(prefix).matches();
    }

    public static ApiKey generate(String prefix) {
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("invalid key prefix");
        }
        StringBuilder body = new StringBuilder(prefix.length() + 1 + RANDOM_CHARS + CHECKSUM_CHARS).append(prefix).append('_');
        for (int i = 0; i < RANDOM_CHARS; i++) {
            body.append(Base62.ALPHABET.charAt(RANDOM.nextInt(Base62.ALPHABET.length())));
        }
        String key = body + checksum(body);
        return new ApiKey(key, prefix);
    }

    /**
     * Parses a presented string. Empty unless it has exactly the expected prefix, length, alphabet and checksum;
     * cheap for any input (the length is checked before anything else is read).
     */
    public static Optional<ApiKey> parse(String candidate, String expectedPrefix) {
        if (candidate == null || expectedPrefix == null) {
            return Optional.empty();
        }
        int bodyLength = expectedPrefix.length() + 1 + RANDOM_CHARS;
        if (candidate.length() != bodyLength + CHECKSUM_CHARS
                || !candidate.startsWith(expectedPrefix)
                || candidate.charAt(expectedPrefix.length()) != '_') {
            return Optional.empty();
        }
        for (int i = expectedPrefix.length() + 1; i < candidate.length(); i++) {
            if (!Base62.isDigit(candidate.charAt(i))) {
                return Optional.empty();
            }
        }
        String body = candidate.substring(0, bodyLength);
        if (!checksum(body).equals(candidate.substring(bodyLength))) {
            return Optional.empty();
        }
        return Optional.of(new ApiKey(candidate, expectedPrefix));
    }

    /** Like {@link #parse(String, String)} with each of the prefixes a realm accepts, in order. */
    public static Optional<ApiKey> parse(String candidate, Collection<String> acceptedPrefixes) {
        for (String prefix : acceptedPrefixes) {
            Optional<ApiKey> parsed = parse(candidate, prefix);
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        return Optional.empty();
    }

    /** IEEE CRC32 of the ASCII bytes of everything before the checksum, as 6 base62 digits. */
    static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_CHARS);
    }
}
