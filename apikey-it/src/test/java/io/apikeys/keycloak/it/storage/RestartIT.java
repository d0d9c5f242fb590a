package io.apikeys.keycloak.it.storage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing is lost on restart: keys keep working, revoked keys stay revoked. */
@KeycloakIntegrationTest
@StorageSensitive
final class RestartIT {

    private final TestServer server;

    RestartIT(TestServer server) {
        this.server = server;
    }

    @Test
    void keysSurviveARestart() {
        TestRealm realm = TestRealm.fromDemo(server);
        String working = realm.createKey();
        ApiKeyRepresentation revoked = realm.createKey(r -> { });
        realm.keys().revoke(revoked.getId());

        server.restart();

        assertThat(realm.exchange(working).status()).isEqualTo(200);
        assertThat(realm.exchange(revoked.getKey()).status()).isEqualTo(401);
        assertThat(realm.keys().get(revoked.getId()).getStatus()).isEqualTo("REVOKED");
    }
}
