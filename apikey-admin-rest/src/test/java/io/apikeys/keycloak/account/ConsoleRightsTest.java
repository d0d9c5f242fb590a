package io.apikeys.keycloak.account;

import io.apikeys.keycloak.rest.KeyAccess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's rights on one client's keys, one row per kind of user and client. */
class ConsoleRightsTest {

    @ParameterizedTest(name = "manageAll={0} viewAll={1} ceiling={2} service={3} keyManager={4} grantsMore={5}: {6}")
    @CsvSource({
            // manage-clients: every service client, whatever its service account holds
            "true,  true,  MANAGE, true,  false, false, MANAGE",
            "true,  true,  MANAGE, true,  true,  true,  MANAGE",
            // api-key-manager on the client: manage, but only read a client whose keys would give more rights
            "false, false, MANAGE, true,  true,  false, MANAGE",
            "false, false, MANAGE, true,  true,  true,  VIEW",
            "false, true,  MANAGE, true,  true,  true,  VIEW",
            // view-clients only: read
            "false, true,  MANAGE, true,  false, false, VIEW",
            // nothing: nothing
            "false, false, MANAGE, true,  false, false, NONE",
            // no service account: never any keys
            "true,  true,  MANAGE, false, true,  false, NONE",
            // the account console's token lets it read only (view-profile without manage-account), or nothing
            "true,  true,  VIEW,   true,  false, false, VIEW",
            "false, false, VIEW,   true,  true,  false, VIEW",
            "true,  true,  NONE,   true,  true,  false, NONE"})
    void rightsFollowTheRolesTheClientAndTheTokensCeiling(boolean manageAll, boolean viewAll, KeyAccess ceiling,
                                                          boolean service, boolean keyManager, boolean grantsMore,
                                                          KeyAccess expected) {
        assertThat(new ConsoleRights(manageAll, viewAll, ceiling).on(service, keyManager, grantsMore)).isEqualTo(expected);
    }
}
