package io.apikeys.keycloak.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValueTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders-service|orders-service",
            "orders:read|orders:read",
            "bestellungen-bücher|bestellungen-b%C3%BCcher",
            "a b|a%20b",
            "100%|100%25",
            "日本|%E6%97%A5%E6%9C%AC"})
    void visibleAsciiStaysEverythingElseIsPercentEncoded(String name, String header) {
        assertThat(HeaderValue.encode(name)).isEqualTo(header);
    }

    @Test
    void controlCharactersCannotSplitTheHeader() {
        assertThat(HeaderValue.encode("evil\r\nX-Injected: 1")).isEqualTo("evil%0D%0AX-Injected:%201");
        assertThat(HeaderValue.encode("tab\there")).isEqualTo("tab%09here");
    }
}
