package io.apikeys.keycloak.usage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The bucket size of a usage query, with the longest range it may span: 31 days of hours or 400 days of days. */
public enum UsageGranularity {
    HOUR(3_600_000L, 31),
    DAY(86_400_000L, 400);

    private final long millis;
    private final int maxDays;

    UsageGranularity(long millis, int maxDays) {
        this.millis = millis;
        this.maxDays = maxDays;
    }

    public long millis() {
        return millis;
    }

    public int maxDays() {
        return maxDays;
    }

    /** The start of the bucket (UTC hour or day) that holds {@code timestamp}. */
    public long bucketStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, millis);
    }

    /** The name used in query parameters and responses: {@code hour} or {@code day}. */
    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UsageGranularity> fromParameter(String value) {
        return Arrays.stream(values()).filter(g -> g.parameterValue().equalsIgnoreCase(value.trim())).findFirst();
    }
}
