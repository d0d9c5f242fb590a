package io.apikeys.keycloak.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ApiKeyHashTest {

    private static final String KNOWN_KEY = "kcak_0123456789ABCDEFGHIJKLMNOPQRSTUV0cJ1Pg";

    @Test
    void hashesTheStandardTestVector() {
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        assertThat(ApiKeyHash.of("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashesAKeyAsLowerCaseHex() {
        // Computed once with Python's hashlib.sha256.
        String expected = "0ba59d4e8b844393545f3e8935180e0321cfec076a68adbb1e765e340a4ee6a1";
        assertThat(ApiKeyHash.of(KNOWN_KEY).hex()).isEqualTo(expected);
        assertThat(ApiKeyFormat.parse(KNOWN_KEY, "kcak").orElseThrow().hash()).isEqualTo(new ApiKeyHash(expected));
    }

    @Test
    void differentKeysHaveDifferentHashes() {
        ApiKey first = ApiKeyFormat.generate("kcak");
        ApiKey second = ApiKeyFormat.generate("kcak");
        assertThat(first.hash()).isEqualTo(ApiKeyHash.of(first.reveal())).isNotEqualTo(second.hash());
        assertThat(first.hash().hex()).doesNotContain(first.reveal());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "abc", "0ba59d4e8b844393545f3e8935180e0321cfec076a68adbb1e765e340a4ee6a",
            "0ba59d4e8b844393545f3e8935180e0321cfec076a68adbb1e765e340a4ee6a10"})
    void rejectsWhatIsNotADigest(String hex) {
        assertThatThrownBy(() -> new ApiKeyHash(hex)).isInstanceOf(IllegalArgumentException.class);
    }
}
