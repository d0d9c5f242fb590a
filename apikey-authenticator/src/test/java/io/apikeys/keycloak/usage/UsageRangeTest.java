package io.apikeys.keycloak.usage;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class UsageRangeTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_764_000_000_000L;

    @Test
    void defaultsAreTheLastSevenDays() {
        assertThat(UsageRange.of(null, null, UsageGranularity.HOUR, NOW))
                .isEqualTo(new UsageRange(NOW - 7 * DAY, NOW, UsageGranularity.HOUR));
        assertThat(UsageRange.of(null, NOW - DAY, UsageGranularity.DAY, NOW))
                .isEqualTo(new UsageRange(NOW - 8 * DAY, NOW - DAY, UsageGranularity.DAY));
        assertThat(UsageRange.of(NOW - DAY, null, UsageGranularity.HOUR, NOW))
                .isEqualTo(new UsageRange(NOW - DAY, NOW, UsageGranularity.HOUR));
    }

    @Test
    void bucketsAreWholeUtcHoursAndDays() {
        long midnight = NOW - Math.floorMod(NOW, DAY);
        assertThat(new UsageRange(midnight + 3_600_001, NOW, UsageGranularity.HOUR).firstBucket())
                .isEqualTo(midnight + 3_600_000);
        assertThat(new UsageRange(midnight + 5, NOW, UsageGranularity.DAY).firstBucket()).isEqualTo(midnight);
    }

    @Test
    void theLimitsAre31DaysOfHoursAnd400DaysOfDays() {
        assertThat(new UsageRange(NOW - 31 * DAY, NOW, UsageGranularity.HOUR).to()).isEqualTo(NOW);
        assertThat(new UsageRange(NOW - 400 * DAY, NOW, UsageGranularity.DAY).to()).isEqualTo(NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'31 days and 1 ms of hours', 2678400001, HOUR, may span at most 31 days",
            "'400 days and 1 ms of days', 34560000001, DAY, may span at most 400 days",
            "'empty', 0, HOUR, from must be before to",
            "'reversed', -1, DAY, from must be before to"})
    void refusesBadRanges(String name, long length, UsageGranularity granularity, String message) {
        ApiKeyValidationException e = catchThrowableOfType(ApiKeyValidationException.class,
                () -> new UsageRange(NOW - length, NOW, granularity));
        assertThat(e.error()).isEqualTo("invalid_request");
        assertThat(e.description()).contains(message);
    }

    @Test
    void refusesNegativeTimestamps() {
        assertThat(catchThrowableOfType(ApiKeyValidationException.class,
                () -> new UsageRange(-5, 10, UsageGranularity.HOUR)).error()).isEqualTo("invalid_request");
    }
}
