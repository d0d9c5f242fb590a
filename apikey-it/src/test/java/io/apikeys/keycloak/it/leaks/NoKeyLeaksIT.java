package io.apikeys.keycloak.it.leaks;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.DatabaseText;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other integration test: no full key that any test saw may appear in the server log (our
 * packages log at DEBUG), in any stored event of any realm, or anywhere in the database.
 */
@Order(Integer.MAX_VALUE)
@KeycloakIntegrationTest
@StorageSensitive
final class NoKeyLeaksIT {

    private final TestServer server;

    NoKeyLeaksIT(TestServer server) {
        this.server = server;
    }

    @Test
    void noFullKeyAnywhere() throws Exception {
        TestRealm realm = TestRealm.fromDemo(server);
        ApiKeyRepresentation created = realm.createKey(r -> { });
        String key = created.getKey();
        realm.exchange(key);
        realm.introspect(key, TestRealm.API_KEY_HINT);
        List<String> keys = IssuedKeys.all();
        assertThat(realm.awaitLastUse(created.getId())).as("the last use is written, so the database holds all it will").isNotNull();

        String everything = server.logText() + "\n" + events() + "\n" + database();

        assertThat(keys).isNotEmpty();
        assertThat(keys).allSatisfy(issued -> assertThat(everything).doesNotContain(issued));
        assertThat(everything).as("the scan sees the data").contains(io.apikeys.keycloak.key.ApiKeyHash.of(key).hex());
    }

    private String events() throws Exception {
        StringBuilder all = new StringBuilder();
        for (RealmRepresentation realm : server.admin().realms().findAll()) {
            var resource = server.realm(realm.getRealm());
            all.append(Http.JSON.writeValueAsString(resource.getEvents(null, null, null, null, null, null, 0, 100_000)));
            all.append(Http.JSON.writeValueAsString(resource.getAdminEvents(null, null, null, null, null, null, null, null, 0, 100_000)));
        }
        return all.toString();
    }

    private String database() throws Exception {
        if (server.database() == TestDatabase.H2) {
            return new String(Files.readAllBytes(server.h2File()), StandardCharsets.ISO_8859_1);
        }
        try (Connection connection = server.jdbc()) {
            return DatabaseText.of(connection);
        }
    }
}
