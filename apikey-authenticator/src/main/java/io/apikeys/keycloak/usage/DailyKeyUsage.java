package io.apikeys.keycloak.usage;

/**
 * One key's uses on one UTC day, for a billing export: also for keys deleted since (until their rows are pruned).
 *
 * @param clientUuid Keycloak's internal id of the key's client
 * @param clientId   the client's {@code clientId} as recorded with the uses
 * @param dayStart   the start of the UTC day, epoch milliseconds
 */
public record DailyKeyUsage(String keyId, String clientUuid, String clientId, String keyName, long dayStart,
                            long accepted, long refused) {
}
