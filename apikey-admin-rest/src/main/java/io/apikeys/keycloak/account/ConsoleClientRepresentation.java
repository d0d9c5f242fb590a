package io.apikeys.keycloak.account;

/**
 * A client whose keys the console user may see, as {@code GET /realms/{realm}/api-keys/clients} lists it.
 *
 * @param canManage whether the user may create, rotate and revoke its keys (otherwise read only)
 */
public record ConsoleClientRepresentation(String clientId, String name, String description, boolean canManage) {
}
