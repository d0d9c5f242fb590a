package io.apikeys.keycloak.it.storage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Mailbox;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost on restart: keys keep working, revoked keys stay revoked, and an expiry notice sent before is not
 * sent again (the claim is in the key's row, on every database).
 */
@KeycloakIntegrationTest
@StorageSensitive
final class RestartIT {

    private final TestServer server;

    RestartIT(TestServer server) {
        this.server = server;
    }

    @Test
    void keysAndTheNoticesSentAboutThemSurviveARestart() {
        try (Mailbox mailbox = new Mailbox()) {
            TestRealm realm = TestRealm.fromDemo(server);
            RealmRepresentation representation = realm.admin().toRepresentation();
            representation.setSmtpServer(mailbox.smtpServer());
            realm.admin().update(representation);
            String working = realm.createKey();
            ApiKeyRepresentation revoked = realm.createKey(r -> { });
            realm.keys().revoke(revoked.getId());
            expiringKey(realm, "before@example.test");
            assertThat(mailbox.await("before@example.test", 1)).hasSize(1);

            server.restart();

            assertThat(realm.exchange(working).status()).isEqualTo(200);
            assertThat(realm.exchange(revoked.getKey()).status()).isEqualTo(401);
            assertThat(realm.keys().get(revoked.getId()).getStatus()).isEqualTo("REVOKED");
            // Once a key created after the restart was told, the job has run over the first key again.
            expiringKey(realm, "after@example.test");
            assertThat(mailbox.await("after@example.test", 1)).hasSize(1);
            assertThat(mailbox.to("before@example.test")).as("not told again").hasSize(1);
        }
    }

    private static void expiringKey(TestRealm realm, String contact) {
        realm.createKey(r -> {
            r.setContacts(List.of(contact));
            r.setExpiresTimestamp(System.currentTimeMillis() + TimeUnit.DAYS.toMillis(5));
        });
    }
}
