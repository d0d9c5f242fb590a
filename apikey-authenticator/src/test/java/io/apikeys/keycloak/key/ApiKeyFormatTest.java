package io.apikeys.keycloak.key;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ApiKeyFormatTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String BODY = "kcak_0123456789ABCDEFGHIJKLMNOPQRSTUV";
    // Computed once outside this code base (Python zlib.crc32 and a hand-written base62): CRC32 566034436 = "0cJ1Pg".
    private static final String KNOWN_KEY = "kcak_0123456789ABCDEFGHIJKLMNOPQRSTUV0cJ1Pg";
    private static final String KNOWN_ACME_KEY = "acme_abcdefghijklmnopqrstuvwxyzABCDEF2HCQmM";
    private static final String KNOWN_KCAX_KEY = "kcax_0123456789ABCDEFGHIJKLMNOPQRSTUV1vqYAv";

    @Test
    void knownVectorsMatchTheReferenceAndParse() {
        assertThat(withChecksum(BODY)).isEqualTo(KNOWN_KEY);
        assertThat(withChecksum("acme_abcdefghijklmnopqrstuvwxyzABCDEF")).isEqualTo(KNOWN_ACME_KEY);
        assertThat(decode("0cJ1Pg")).isEqualTo(566_034_436L).isEqualTo(0x21bd0004L);
        ApiKey key = ApiKeyFormat.parse(KNOWN_KEY, "kcak").orElseThrow();
        assertThat(key.reveal()).isEqualTo(KNOWN_KEY);
        assertThat(key.prefix()).isEqualTo("kcak");
        assertThat(key.start()).isEqualTo("kcak_0123456");
        assertThat(key).hasToString("kcak_0123456...");
        assertThat(ApiKeyFormat.checksum(BODY)).isEqualTo("0cJ1Pg");
        assertThat(ApiKeyFormat.parse(KNOWN_ACME_KEY, "acme")).isPresent();
        assertThat(ApiKeyFormat.parse(KNOWN_KCAX_KEY, "kcax")).isPresent();
    }

    @Test
    void generatedKeysFollowTheFormat() {
        Set<String> seen = new HashSet<>();
        Set<Integer> randomChars = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ApiKey key = ApiKeyFormat.generate(ApiKeyFormat.DEFAULT_PREFIX);
            String value = key.reveal();
            assertThat(value).hasSize(43).matches("kcak_[0-9A-Za-z]{38}");
            assertThat(decode(value.substring(37))).isEqualTo(crc32(value.substring(0, 37)));
            assertThat(ApiKeyFormat.parse(value, "kcak")).contains(key);
            assertThat(key.start()).isEqualTo(value.substring(0, 12));
            assertThat(key.hash().hex()).matches("[0-9a-f]{64}");
            assertThat(key.toString()).doesNotContain(value).doesNotContain(value.substring(12, 37));
            value.substring(5, 37).chars().forEach(randomChars::add);
            seen.add(value);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(randomChars).as("every base62 digit occurs in the random parts").hasSize(62);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String label, String candidate) {
        assertThat(ApiKeyFormat.parse(candidate, "kcak")).isEmpty();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("null", null),
                arguments("empty", ""),
                arguments("wrong prefix, kcak checksum", "kcax" + KNOWN_KEY.substring(4)),
                arguments("wrong prefix, checksum recomputed", KNOWN_KCAX_KEY),
                arguments("another valid prefix", KNOWN_ACME_KEY),
                arguments("upper-case prefix, checksum recomputed", withChecksum("KCAK" + BODY.substring(4))),
                arguments("missing underscore", KNOWN_KEY.replace("_", "")),
                arguments("underscore replaced, checksum recomputed", withChecksum("kcakx" + BODY.substring(5))),
                arguments("too short", KNOWN_KEY.substring(0, 42)),
                arguments("too long", KNOWN_KEY + "0"),
                arguments("31 random chars, checksum recomputed", withChecksum(BODY.substring(0, 36))),
                arguments("33 random chars, checksum recomputed", withChecksum(BODY + "W")),
                arguments("1 MB", "kcak_" + "A".repeat(1 << 20)),
                arguments("leading space", " " + KNOWN_KEY),
                arguments("trailing newline", KNOWN_KEY + "\n"),
                arguments("'-' in checksum", KNOWN_KEY.substring(0, 42) + "-"),
                arguments("last char changed", KNOWN_KEY.substring(0, 42) + "h"),
                arguments("random part case flipped", "kcak_0123456789abcdefghijklmnopqrstuv0cJ1Pg"),
                arguments("one letter case flipped", KNOWN_KEY.replace('K', 'k')),
                arguments("checksum case flipped", BODY + "0Cj1pG"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "+", "/", "=", "\u0000", "é", " ", "_", ".", "\uD83D\uDE00"})
    void rejectsNonBase62CharactersEvenWithAMatchingChecksum(String character) {
        String body = BODY.substring(0, BODY.length() - character.length()) + character;
        assertThat(ApiKeyFormat.parse(withChecksum(body), "kcak")).isEmpty();
    }

    @Test
    void everySingleCharacterTypoIsRejected() {
        for (int i = 5; i < KNOWN_KEY.length(); i++) {
            for (char c : ALPHABET.replace(KNOWN_KEY.substring(i, i + 1), "").toCharArray()) {
                String typo = KNOWN_KEY.substring(0, i) + c + KNOWN_KEY.substring(i + 1);
                assertThat(ApiKeyFormat.parse(typo, "kcak")).as(typo).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "a", "Kcak", "kc-ak", "abcdefghijklmnopq", "1abc", "kc_ak", "kcak ", "kcak\n", "kcák"})
    void rejectsInvalidPrefixes(String prefix) {
        assertThat(ApiKeyFormat.isValidPrefix(prefix)).isFalse();
        assertThatThrownBy(() -> ApiKeyFormat.generate(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "ab", "a1", "acme2", "abcdefghijklmnop"})
    void customPrefixes(String prefix) {
        ApiKey key = ApiKeyFormat.generate(prefix);
        String value = key.reveal();
        int body = prefix.length() + 1 + 32;
        assertThat(value).hasSize(body + 6).matches(prefix + "_[0-9A-Za-z]{38}");
        assertThat(decode(value.substring(body))).isEqualTo(crc32(value.substring(0, body)));
        assertThat(key.start()).isEqualTo(value.substring(0, prefix.length() + 8));
        assertThat(ApiKeyFormat.parse(value, prefix)).contains(key);
        assertThat(ApiKeyFormat.parse(value, "kcak")).isEmpty();
    }

    /** Reference encoder, independent of the production code: CRC32, base62 most significant digit first. */
    private static String withChecksum(String body) {
        StringBuilder digits = new StringBuilder();
        for (long rest = crc32(body); digits.length() < 6; rest /= 62) {
            digits.insert(0, ALPHABET.charAt((int) (rest % 62)));
        }
        return body + digits;
    }

    private static long crc32(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(US_ASCII));
        return crc.getValue();
    }

    private static long decode(String digits) {
        return digits.chars().mapToLong(ALPHABET::indexOf).reduce(0, (value, digit) -> value * 62 + digit);
    }
}
