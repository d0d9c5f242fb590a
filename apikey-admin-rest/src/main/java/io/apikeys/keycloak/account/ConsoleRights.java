package io.apikeys.keycloak.account;

import io.apikeys.keycloak.rest.KeyAccess;

/**
 * The account console's key rights on one client, as a pure function of what {@link ConsoleCaller} found out about
 * the user and the client (the rules are listed there).
 *
 * @param manageAll    the user holds {@code manage-clients} (counted as the token's client may carry it)
 * @param viewAll      the user holds {@code view-clients} or {@code manage-clients}
 * @param ceiling      the most the token's client lets the console do ({@code MANAGE} for other clients' tokens)
 */
record ConsoleRights(boolean manageAll, boolean viewAll, KeyAccess ceiling) {

    /**
     * @param serviceClient   the client has a service account (keys exist only for such clients)
     * @param keyManager      the user holds {@value ConsoleCaller#KEY_MANAGER_ROLE} on that client
     * @param grantsMore      a key of that client would give admin rights the user lacks (admin roles of its service
     *                        account the user does not hold, or fine-grained admin permissions)
     */
    KeyAccess on(boolean serviceClient, boolean keyManager, boolean grantsMore) {
        if (!serviceClient) {
            return KeyAccess.NONE;
        }
        KeyAccess granted = manageAll ? KeyAccess.MANAGE
                : keyManager ? (grantsMore ? KeyAccess.VIEW : KeyAccess.MANAGE)
                : viewAll ? KeyAccess.VIEW : KeyAccess.NONE;
        return granted.compareTo(ceiling) > 0 ? ceiling : granted;
    }
}
