package io.apikeys.keycloak.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class RateLimitTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 86400", "2147483647, 60", "100, 3600"})
    void acceptsValidLimits(int requests, int windowSeconds) {
        RateLimit limit = new RateLimit(requests, windowSeconds);
        assertThat(limit.requests()).isEqualTo(requests);
        assertThat(limit.windowSeconds()).isEqualTo(windowSeconds);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 60, rateLimit.requests",
            "-1, 60, rateLimit.requests",
            "-2147483648, 60, rateLimit.requests",
            "10, 0, rateLimit.windowSeconds",
            "10, -1, rateLimit.windowSeconds",
            "10, 86401, rateLimit.windowSeconds",
            "10, 2147483647, rateLimit.windowSeconds",
            "0, 0, rateLimit.requests"})
    void rejectsInvalidLimits(int requests, int windowSeconds, String field) {
        assertThatThrownBy(() -> new RateLimit(requests, windowSeconds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field);
    }
}
