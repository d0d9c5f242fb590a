package io.apikeys.keycloak.key;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * At most {@code requests} accepted uses per UTC calendar day or month, counted for the key and the keys it was
 * rotated from or into (see {@code StoredApiKey.lineageId}).
 */
public record Quota(int requests, Period period) implements UseAllowance {

    /** UTC calendar periods. */
    public enum Period {
        DAY, MONTH;

        LocalDate firstDay(long nowMillis) {
            LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
            return this == DAY ? today : today.withDayOfMonth(1);
        }

        LocalDate nextFirstDay(long nowMillis) {
            LocalDate first = firstDay(nowMillis);
            return this == DAY ? first.plusDays(1) : first.plusMonths(1);
        }

        /** The period's name in the representation, or empty for anything else. */
        public static Optional<Period> parse(String value) {
            for (Period period : values()) {
                if (period.name().equals(value)) {
                    return Optional.of(period);
                }
            }
            return Optional.empty();
        }
    }

    public Quota {
        if (requests < 1) {
            throw new IllegalArgumentException("quota.requests must be at least 1");
        }
        if (period == null) {
            throw new IllegalArgumentException("quota.period must be DAY or MONTH");
        }
    }

    @Override
    public long windowStart(long nowMillis) {
        return startOf(period.firstDay(nowMillis));
    }

    @Override
    public long windowEnd(long nowMillis) {
        return startOf(period.nextFirstDay(nowMillis));
    }

    @Override
    public String counterName() {
        return "quota-" + period.name();
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
