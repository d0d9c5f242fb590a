package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.it.harness.TestRealm;
import org.keycloak.representations.idm.ClientRepresentation;


/**
 * The demo realm plus what the console's role rules need to be told apart: a second service client that only
 * realm-wide rights reach, and a user who may view clients but not manage them.
 */
final class ConsoleRealm {

    static final String OTHER_SERVICE = "other-service";
    static final String VIEWER = "demo-viewer";

    private ConsoleRealm() {
    }

    static TestRealm create(TestRealm realm) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(OTHER_SERVICE);
        client.setName("Other service");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setSecret("other-service-secret");
        realm.admin().clients().create(client).close();

        realm.createUser(VIEWER, "view-clients");
        return realm;
    }
}
