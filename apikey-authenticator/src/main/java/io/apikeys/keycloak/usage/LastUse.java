package io.apikeys.keycloak.usage;

/** A key's latest use seen by this node and not written yet. */
public record LastUse(long timestamp, String ip) {

    /** The later of two uses of one key. */
    public static LastUse later(LastUse a, LastUse b) {
        return b.timestamp() >= a.timestamp() ? b : a;
    }
}
