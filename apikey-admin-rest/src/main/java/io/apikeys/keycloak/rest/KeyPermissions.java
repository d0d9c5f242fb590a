package io.apikeys.keycloak.rest;

import org.keycloak.models.UserModel;

import java.util.Set;

/**
 * Who may do what with API keys through one of the two REST APIs, and how a refusal is reported. The admin API
 * answers with Keycloak's admin permissions, the account API with the roles of the console user;
 * {@link KeyOperations} does everything else the same way for both, and {@link KeyGuard} applies these answers.
 *
 * @param <C> the client a key belongs to: Keycloak's {@code ClientModel} on the server
 */
public interface KeyPermissions<C> {

    /** Whether the caller may read the keys of this client. */
    boolean canView(C client);

    /** Whether the caller may create, change, rotate, revoke and delete the keys of this client. */
    boolean canManage(C client);

    /**
     * Whether this existing client is one whose keys this API deals with at all. A request naming any other client
     * is answered as if the client did not exist (with {@code service_account_required} where the caller may
     * learn why).
     */
    boolean admits(C client);

    /**
     * Whether the caller may learn which clients exist: then a request naming an unknown or not admitted client is a
     * 400 saying so; otherwise it is refused like a client the caller has no rights on.
     */
    boolean mayListClients();

    /** Whether a key of a client the caller cannot view is reported as not found (404) rather than refused. */
    boolean hidesKeysItCannotView();

    /** Internal ids of the clients whose keys a listing without {@code clientId} shows; {@code null} for all. */
    Set<String> visibleClientIds();

    /** Whether the caller may read the personal keys of this user: none by default. */
    default boolean canViewUserKeys(UserModel user) {
        return false;
    }

    /** Whether the caller may create, change, rotate, revoke and delete the personal keys of this user. */
    default boolean canManageUserKeys(UserModel user) {
        return false;
    }

    /** Whether the caller may learn which users exist (then an unknown {@code userId} is a 400 saying so). */
    default boolean mayListUsers() {
        return false;
    }

    /** The refusal of a caller who lacks a right, as this API reports it. */
    RuntimeException forbidden();
}
