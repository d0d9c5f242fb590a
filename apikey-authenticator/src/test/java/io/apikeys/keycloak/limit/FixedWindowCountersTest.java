package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.FixedWindowCounters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class FixedWindowCountersTest {

    private static final long WINDOW_START = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;
    private static final RateLimit TWO_PER_MINUTE = new RateLimit(2, 60);

    @Test
    void allowsTheLimitPerWindowAndSaysWhenItResets() {
        FixedWindowCounters limiter = new FixedWindowCounters();

        assertThat(limiter.acquire("key", TWO_PER_MINUTE, WINDOW_START).remaining()).isEqualTo(1);
        assertThat(limiter.acquire("key", TWO_PER_MINUTE, WINDOW_START + 1).allowed()).isTrue();
        AllowanceDecision third = limiter.acquire("key", TWO_PER_MINUTE, WINDOW_START + 30_000);
        assertThat(third.allowed()).isFalse();
        assertThat(third.resetSeconds()).isEqualTo(30);
        assertThat(limiter.acquire("key", TWO_PER_MINUTE, WINDOW_START + 60_000).allowed()).isTrue();
    }

    @Test
    void whenFullNewKeysShareOneCounterAndTrackedKeysKeepTheirOwn() {
        FixedWindowCounters limiter = new FixedWindowCounters(2);
        limiter.acquire("a", TWO_PER_MINUTE, WINDOW_START);
        limiter.acquire("b", TWO_PER_MINUTE, WINDOW_START);

        assertThat(limiter.acquire("c", TWO_PER_MINUTE, WINDOW_START).allowed()).isTrue();
        assertThat(limiter.acquire("d", TWO_PER_MINUTE, WINDOW_START).allowed()).isTrue();
        assertThat(limiter.acquire("e", TWO_PER_MINUTE, WINDOW_START).allowed()).isFalse();

        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.used("c", TWO_PER_MINUTE, WINDOW_START)).isEqualTo(3);
        assertThat(limiter.acquire("a", TWO_PER_MINUTE, WINDOW_START).allowed()).isTrue();
    }

    @Test
    void sweepsEachCounterByItsOwnWindow() {
        FixedWindowCounters limiter = new FixedWindowCounters(4);
        RateLimit perDay = new RateLimit(5, 86_400);
        long dayStart = WINDOW_START - WINDOW_START % 86_400_000;
        limiter.acquire("daily", perDay, dayStart);
        limiter.acquire("a", TWO_PER_MINUTE, dayStart);
        limiter.acquire("b", TWO_PER_MINUTE, dayStart);

        limiter.acquire("c", TWO_PER_MINUTE, dayStart + 60_000);

        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.used("daily", perDay, dayStart + 60_000)).isEqualTo(1);
    }
}
