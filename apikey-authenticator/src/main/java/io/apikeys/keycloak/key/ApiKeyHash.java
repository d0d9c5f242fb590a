package io.apikeys.keycloak.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a full key, lower-case hex: the only form in which a key is stored. A single unsalted hash is
 * enough because keys carry 190 bits of randomness: there is nothing to guess or precompute.
 */
public record ApiKeyHash(String hex) {

    public ApiKeyHash {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    /** Hex characters of {@link #prefix64()}: what a node reads of each stored hash ({@code KnownHashesReader}). */
    public static final int PREFIX_HEX_CHARS = 16;

    /** The first 64 bits, what every node keeps of every stored hash ({@code KnownKeyHashes}). */
    public long prefix64() {
        return prefix64(hex);
    }

    /** The 64-bit prefix of a stored hash from its first {@value #PREFIX_HEX_CHARS} hex characters (or more). */
    public static long prefix64(CharSequence hex) {
        return Long.parseUnsignedLong(hex, 0, PREFIX_HEX_CHARS, 16);
    }

    public static ApiKeyHash of(String fullKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fullKey.getBytes(StandardCharsets.US_ASCII));
            return new ApiKeyHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
