package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code {"start": 1763800000000, "accepted": 42, "refused": 3}}: a key's uses in one UTC hour or day. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class UsageBucketRepresentation {

    private long start;
    private long accepted;
    private long refused;

    public UsageBucketRepresentation() {
    }

    public UsageBucketRepresentation(long start, long accepted, long refused) {
        this.start = start;
        this.accepted = accepted;
        this.refused = refused;
    }

    public long getStart() { return start; }
    public void setStart(long start) { this.start = start; }
    public long getAccepted() { return accepted; }
    public void setAccepted(long accepted) { this.accepted = accepted; }
    public long getRefused() { return refused; }
    public void setRefused(long refused) { this.refused = refused; }
}
