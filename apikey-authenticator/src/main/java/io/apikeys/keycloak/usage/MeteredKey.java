package io.apikeys.keycloak.usage;

/**
 * The key a use is counted for, with what its usage row keeps of it, so that a deleted key's history still names
 * its client and key.
 *
 * @param clientUuid Keycloak's internal id of the key's client
 * @param clientId   the client's {@code clientId} at the time of use
 * @param keyName    the key's name at the time of use
 */
public record MeteredKey(String keyId, String realmId, String clientUuid, String clientId, String keyName) {
}
