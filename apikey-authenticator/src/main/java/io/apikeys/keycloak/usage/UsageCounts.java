package io.apikeys.keycloak.usage;

/** The uses of one key in one hour that this node has not written yet. Immutable, so counting never loses a use. */
public record UsageCounts(MeteredKey key, long accepted, long refused) {

    UsageCounts plus(UsageCounts other) {
        // The newer name wins: the row keeps the key's and client's names as of their last use.
        return new UsageCounts(other.key, accepted + other.accepted, refused + other.refused);
    }
}
