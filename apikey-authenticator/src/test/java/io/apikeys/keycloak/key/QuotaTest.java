package io.apikeys.keycloak.key;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aDayIsTheUtcCalendarDay() {
        Quota daily = new Quota(10, Quota.Period.DAY);
        long now = at("2026-12-01T23:59:59.500Z");

        assertThat(daily.windowStart(now)).isEqualTo(at("2026-12-01T00:00:00Z"));
        assertThat(daily.windowEnd(now)).isEqualTo(at("2026-12-02T00:00:00Z"));
    }

    @Test
    void aMonthIsTheUtcCalendarMonthWhateverItsLength() {
        Quota monthly = new Quota(10, Quota.Period.MONTH);

        assertThat(monthly.windowStart(at("2028-02-29T12:00:00Z"))).isEqualTo(at("2028-02-01T00:00:00Z"));
        assertThat(monthly.windowEnd(at("2028-02-29T12:00:00Z"))).isEqualTo(at("2028-03-01T00:00:00Z"));
        assertThat(monthly.windowEnd(at("2026-12-31T23:00:00Z"))).isEqualTo(at("2027-01-01T00:00:00Z"));
    }

    @Test
    void periodsParseOnlyTheirExactNames() {
        assertThat(Quota.Period.parse("DAY")).contains(Quota.Period.DAY);
        assertThat(Quota.Period.parse("MONTH")).contains(Quota.Period.MONTH);
        assertThat(Quota.Period.parse("day")).isEmpty();
        assertThat(Quota.Period.parse("WEEK")).isEmpty();
        assertThat(Quota.Period.parse(null)).isEmpty();
    }

    @Test
    void aQuotaNeedsAtLeastOneRequestAndAPeriod() {
        assertThatThrownBy(() -> new Quota(0, Quota.Period.DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quota(1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Quota(1, Quota.Period.DAY).counterName()).isNotEqualTo(new Quota(1, Quota.Period.MONTH).counterName());
    }
}
