package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.PersonalKeysRepresentation;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.verification.KeyGrants;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;

/**
 * The demo realm plus what the console's role rules need to be told apart: a second service client that only
 * realm-wide rights reach, and a user who may view clients but not manage them.
 */
final class ConsoleRealm {

    static final String OTHER_SERVICE = "other-service";
    static final String VIEWER = "demo-viewer";
    /** The client the realm's users may have personal keys for, once {@link #allowPersonalKeys} ran. */
    static final String PERSONAL_CLIENT = "scripts";

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

    /** Lets every user of the realm have personal keys for {@value #PERSONAL_CLIENT} (the realm's other defaults kept). */
    static void allowPersonalKeys(TestRealm realm) {
        ClientRepresentation scripts = new ClientRepresentation();
        scripts.setClientId(PERSONAL_CLIENT);
        scripts.setPublicClient(false);
        scripts.setStandardFlowEnabled(false);
        scripts.setClientAuthenticatorType(KeyGrants.CLIENT_AUTHENTICATOR_ID);
        realm.admin().clients().create(scripts).close();
        ApiKeySettingsRepresentation settings = realm.keys().getSettings();
        PersonalKeysRepresentation personal = settings.getPersonalKeys();
        personal.setEnabled(true);
        personal.setClients(List.of(PERSONAL_CLIENT));
        settings.setPersonalKeys(personal);
        realm.keys().updateSettings(settings);
    }
}
