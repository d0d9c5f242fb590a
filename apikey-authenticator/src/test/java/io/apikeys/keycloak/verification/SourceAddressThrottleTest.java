package io.apikeys.keycloak.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.apikeys.keycloak.key.RateLimit;
import org.junit.jupiter.api.Test;

final class SourceAddressThrottleTest {

    private static final long WINDOW_START = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;

    private final SourceAddressThrottle throttle = new SourceAddressThrottle(new RateLimit(3, 60));

    @Test
    void refusesAnAddressOnceItReachedTheLimitUntilTheWindowEnds() {
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure("192.0.2.1", WINDOW_START + i);
        }
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 10)).isFalse();
        throttle.recordFailure("192.0.2.1", WINDOW_START + 11);
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 12)).isTrue();
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 59_999)).isTrue();
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 60_000)).isFalse();
    }

    @Test
    void otherAddressesAreNotAffected() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("192.0.2.1", WINDOW_START + i);
        }
        assertThat(throttle.isThrottled("192.0.2.2", WINDOW_START + 10)).isFalse();
        assertThat(throttle.isThrottled("2001:db8::1", WINDOW_START + 10)).isFalse();
    }

    @Test
    void anUnknownAddressIsNeverThrottled() {
        throttle.recordFailure(null, WINDOW_START);
        assertThat(throttle.isThrottled(null, WINDOW_START)).isFalse();
    }
}
