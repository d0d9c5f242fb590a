package io.apikeys.keycloak.usage;

import io.apikeys.keycloak.policy.ApiKeyValidationException;

/**
 * A checked time range of a usage query: from {@code from} (inclusive) to {@code to} (exclusive), epoch
 * milliseconds, at most {@link UsageGranularity#maxDays()} long. Buckets are whole UTC hours or days, so a bucket
 * is part of the range when it starts before {@code to} and ends after {@code from}.
 */
public record UsageRange(long from, long to, UsageGranularity granularity) {

    public static final long DEFAULT_DAYS = 7;
    private static final long DAY_MILLIS = 86_400_000L;

    public UsageRange {
        if (from < 0 || to < 0) {
            throw invalid("from and to must be epoch milliseconds, not negative");
        }
        if (from >= to) {
            throw invalid("from must be before to");
        }
        if (to - from > granularity.maxDays() * DAY_MILLIS) {
            throw invalid("a range of " + granularity.parameterValue() + "s may span at most "
                    + granularity.maxDays() + " days");
        }
    }

    /** The range of a query, defaults filled in: {@code to} now, {@code from} seven days before {@code to}. */
    public static UsageRange of(Long from, Long to, UsageGranularity granularity, long now) {
        long end = to != null ? to : now;
        long start = from != null ? from : Math.max(0, end - DEFAULT_DAYS * DAY_MILLIS);
        return new UsageRange(start, end, granularity);
    }

    /** The start of the first bucket of the range. */
    public long firstBucket() {
        return granularity.bucketStart(from);
    }

    private static ApiKeyValidationException invalid(String description) {
        return new ApiKeyValidationException("invalid_request", description);
    }
}
