package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The rules both REST APIs share, with the two ways they answer: as the admin API does and as the account API does. */
class KeyGuardTest {

    private static final Client SERVICE = new Client("orders-service", true);
    private static final Client PUBLIC = new Client("web-app", false);
    private static final Map<String, Client> REALM = Map.of(SERVICE.clientId(), SERVICE, PUBLIC.clientId(), PUBLIC);

    @Nested
    class KeysOfAClient {

        /** {@code manage-only}: manage without view, as Keycloak's fine-grained permissions (v2) allow. */
        @ParameterizedTest(name = "{0} API, {1} rights, needs {2}: {3}")
        @CsvSource({
                "admin,   none,        VIEW,   403",
                "admin,   none,        MANAGE, 403",
                "admin,   view,        VIEW,   ok",
                "admin,   view,        MANAGE, 403",
                "admin,   manage,      MANAGE, ok",
                "admin,   manage-only, MANAGE, ok",
                "admin,   manage-only, VIEW,   403",
                "account, none,        VIEW,   404",
                "account, none,        MANAGE, 404",
                "account, view,        VIEW,   ok",
                "account, view,        MANAGE, 403",
                "account, manage,      MANAGE, ok",
                "account, manage-only, VIEW,   404",
                "account, manage-only, MANAGE, ok"})
        void rightsDecide(String api, String rights, KeyAccess needed, String expected) {
            KeyGuard<Client> guard = guard(api, rights, true);

            assertThat(outcome(() -> guard.key("id-1", SERVICE, needed))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} API")
        @ValueSource(strings = {"admin", "account"})
        void aKeyWhoseClientIsGoneIsNotFound(String api) {
            assertThat(outcome(() -> guard(api, "manage", true).key("id-1", null, KeyAccess.VIEW))).isEqualTo("404");
        }
    }

    @Nested
    class NamedClients {

        @ParameterizedTest(name = "{0} API, clientId [{1}]")
        @CsvSource({"admin, ''", "admin, '  '", "account, ''"})
        void aClientIdIsRequired(String api, String clientId) {
            assertThat(outcome(() -> guard(api, "manage", true).client(clientId, KeyAccess.MANAGE)))
                    .isEqualTo("400 invalid_request");
            assertThat(outcome(() -> guard(api, "manage", true).client(null, KeyAccess.VIEW)))
                    .isEqualTo("400 invalid_request");
        }

        @ParameterizedTest(name = "{0} API, {1}, may list clients: {2}, {3} rights, needs {4}: {5}")
        @CsvSource({
                "admin,   nope,           true,  manage, MANAGE, 400 unknown_client",
                "admin,   nope,           false, manage, MANAGE, 403",
                "admin,   web-app,        true,  manage, MANAGE, ok",
                "admin,   web-app,        true,  view,   MANAGE, 403",
                "admin,   web-app,        true,  view,   VIEW,   ok",
                "admin,   orders-service, false, view,   VIEW,   ok",
                "admin,   orders-service, true,  view,   MANAGE, 403",
                "admin,   orders-service, true,  none,   VIEW,   403",
                "account, nope,           true,  view,   VIEW,   400 unknown_client",
                "account, nope,           false, manage, MANAGE, 403",
                "account, web-app,        true,  manage, MANAGE, 400 service_account_required",
                "account, web-app,        true,  view,   VIEW,   400 service_account_required",
                "account, web-app,        false, manage, MANAGE, 403",
                "account, orders-service, false, manage, MANAGE, ok",
                "account, orders-service, true,  view,   MANAGE, 403",
                "account, orders-service, false, none,   VIEW,   403"})
        void unknownClientsAreReportedOnlyToThoseWhoMayListClients(String api, String clientId, boolean mayList,
                                                                   String rights, KeyAccess needed, String expected) {
            KeyGuard<Client> guard = guard(api, rights, mayList);

            assertThat(outcome(() -> guard.client(clientId, needed))).isEqualTo(expected);
        }

        @Test
        void theNamedClientIsReturned() {
            assertThat(guard("account", "manage", false).client("orders-service", KeyAccess.MANAGE)).isSameAs(SERVICE);
        }
    }

    private static KeyGuard<Client> guard(String api, String rights, boolean mayListClients) {
        boolean account = api.equals("account");
        return new KeyGuard<>(new FakePermissions(account, rights, mayListClients), REALM::get);
    }

    /** "ok", or what the caller would get: the status, and the error code of a 400. */
    private static String outcome(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        return switch (thrown) {
            case null -> "ok";
            case Forbidden ignored -> "403";
            case ApiKeyNotFoundException ignored -> "404";
            case ApiKeyValidationException e -> "400 " + e.error();
            default -> throw new AssertionError(thrown);
        };
    }

    private record Client(String clientId, boolean serviceAccount) {
    }

    private static final class Forbidden extends RuntimeException {
    }

    /**
     * Permissions shaped like the two APIs': the account API admits only clients with a service account and hides
     * keys the caller cannot view; the admin API admits every client and refuses instead.
     */
    private record FakePermissions(boolean account, String rights, boolean mayListClients)
            implements KeyPermissions<Client> {

        @Override
        public boolean canView(Client client) {
            return rights.equals("view") || rights.equals("manage");
        }

        @Override
        public boolean canManage(Client client) {
            return rights.startsWith("manage");
        }

        @Override
        public boolean admits(Client client) {
            return !account || client.serviceAccount();
        }

        @Override
        public boolean hidesKeysItCannotView() {
            return account;
        }

        @Override
        public Set<String> visibleClientIds() {
            return Set.of();
        }

        @Override
        public RuntimeException forbidden() {
            return new Forbidden();
        }
    }
}
