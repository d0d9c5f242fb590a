package io.apikeys.keycloak.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ApiKeyStatusTest {

    @ParameterizedTest(name = "enabled={0} expires={1} revoked={2} now={3} -> {4}")
    @CsvSource(nullValues = "-", textBlock = """
            # enabled, expires, revoked, now,  status
            true,      -,       -,       1000, ACTIVE
            false,     -,       -,       1000, DISABLED
            true,      1001,    -,       1000, ACTIVE
            false,     1001,    -,       1000, DISABLED
            true,      1000,    -,       1000, EXPIRED
            true,      999,     -,       1000, EXPIRED
            true,      0,       -,       0,    EXPIRED
            true,      9223372036854775807, -, 1000, ACTIVE
            false,     1000,    -,       1000, EXPIRED
            false,     999,     -,       1000, EXPIRED
            true,      -,       500,     1000, REVOKED
            false,     -,       500,     1000, REVOKED
            true,      1001,    500,     1000, REVOKED
            true,      999,     500,     1000, REVOKED
            false,     999,     500,     1000, REVOKED
            true,      -,       1000,    1000, REVOKED
            """)
    void derivesTheStatus(boolean enabled, Long expires, Long revoked, long now, ApiKeyStatus expected) {
        assertThat(ApiKeyStatus.of(enabled, expires, revoked, now)).isEqualTo(expected);
    }
}
