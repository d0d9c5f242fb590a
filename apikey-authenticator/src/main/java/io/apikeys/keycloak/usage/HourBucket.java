package io.apikeys.keycloak.usage;

/** One key's hour: the unit usage is counted and stored in ({@code API_KEY_USAGE}'s primary key). */
public record HourBucket(String keyId, long hourStart) implements Comparable<HourBucket> {

    /** Ordered by key and hour, the order a flush writes rows in, so two nodes lock rows in the same order. */
    @Override
    public int compareTo(HourBucket other) {
        int byKey = keyId.compareTo(other.keyId);
        return byKey != 0 ? byKey : Long.compare(hourStart, other.hourStart);
    }
}
