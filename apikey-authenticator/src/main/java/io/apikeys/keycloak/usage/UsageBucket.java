package io.apikeys.keycloak.usage;

/** Uses of one key in one bucket (an hour or a day, starting at {@code start}, epoch milliseconds). */
public record UsageBucket(long start, long accepted, long refused) {
}
