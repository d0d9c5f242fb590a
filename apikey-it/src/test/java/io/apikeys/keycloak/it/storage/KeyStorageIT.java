package io.apikeys.keycloak.it.storage;

import io.apikeys.keycloak.authenticator.ApiKeyClientAuthenticatorFactory;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.RotateRequest;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyHash;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How keys live in the database: found only by their full string, stored only as a hash, gone with their client. */
@KeycloakIntegrationTest
@StorageSensitive
final class KeyStorageIT {

    private final TestServer server;
    private final TestRealm realm;

    KeyStorageIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void aKeyIsFoundByItsFullStringAndNoOther() {
        String key = realm.createKey();
        char last = key.charAt(key.length() - 1);
        String tampered = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(realm.exchange(key).status()).isEqualTo(200);
        assertThat(realm.exchange(tampered).status()).isEqualTo(401);
        assertThat(realm.exchange(ApiKeyFormat.generate("kcak").reveal()).status()).isEqualTo(401);
    }

    @Test
    void rotationKeepsBothKeysDuringTheGracePeriodAndOnlyTheNewOneAfter() {
        ApiKeyRepresentation old = realm.createKey(r -> { });
        long rotatedAt = System.currentTimeMillis();
        String fresh = realm.keys().rotate(old.getId(), new RotateRequest(5L)).getKey();

        assertThat(realm.exchange(old.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(fresh).status()).isEqualTo(200);
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> realm.exchange(old.getKey()).status() == 401))
                .as("the old key stops at the end of its 5 s grace period").isTrue();
        assertThat(System.currentTimeMillis() - rotatedAt).as("not before").isGreaterThanOrEqualTo(4_900);
        assertThat(realm.exchange(fresh).status()).isEqualTo(200);
        assertThat(realm.keys().get(old.getId()).getStatus()).isEqualTo("EXPIRED");
    }

    @Test
    void deletingTheClientDeletesItsKeys() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("short-lived");
        client.setServiceAccountsEnabled(true);
        client.setPublicClient(false);
        client.setClientAuthenticatorType(ApiKeyClientAuthenticatorFactory.PROVIDER_ID);
        realm.admin().clients().create(client).close();
        ApiKeyRepresentation key = realm.createKey(r -> r.setClientId("short-lived"));
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);

        realm.admin().clients().get(realm.client("short-lived").getId()).remove();

        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(401);
        assertThatThrownBy(() -> realm.keys().get(key.getId())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void keysOfOneRealmAreInvisibleFromAnother() {
        TestRealm other = TestRealm.fromDemo(server);
        ApiKeyRepresentation key = realm.createKey(r -> { });

        assertThat(other.exchange(key.getKey()).status()).isEqualTo(401);
        assertThatThrownBy(() -> other.keys().get(key.getId())).isInstanceOf(NotFoundException.class);
        assertThat(other.keys().list(null, null, null, null, null)).isEmpty();
        other.delete();
    }

    @Test
    void lastUseIsWrittenAfterTheFlushInterval() throws InterruptedException {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);

        realm.awaitLastUse(key.getId());
        ApiKeyRepresentation read = realm.keys().get(key.getId());
        assertThat(read.getLastUsedTimestamp()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(30_000L));
        assertThat(read.getLastUsedIp()).isEqualTo(realm.callerAddress());
    }

    /**
     * The last-use flush skips rows another transaction holds instead of waiting for them (so it can never deadlock
     * with, say, an admin deleting a client's keys), and writes the skipped use once the row is free.
     */
    @Test
    void lastUseOfARowLockedByAnotherTransactionIsWrittenOnceItIsFree() throws Exception {
        assumeTrue(server.database() != TestDatabase.H2, "H2 runs inside Keycloak: no second writer");
        ApiKeyRepresentation locked = realm.createKey(r -> { });
        ApiKeyRepresentation free = realm.createKey(r -> { });
        try (Connection connection = server.jdbc()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT ID FROM API_KEY WHERE ID = ? FOR UPDATE")) {
                lock.setString(1, locked.getId());
                lock.executeQuery().close();
            }
            assertThat(realm.exchange(locked.getKey()).status()).isEqualTo(200);
            assertThat(realm.exchange(free.getKey()).status()).isEqualTo(200);

            assertThat(realm.awaitLastUse(free.getId())).as("the flush went on past the locked row").isNotNull();
            assertThat(realm.keys().get(locked.getId()).getLastUsedTimestamp()).isNull();
            connection.rollback();
        }
        assertThat(realm.awaitLastUse(locked.getId())).as("written by a later flush").isNotNull();
    }

    @Test
    void theDatabaseHoldsTheHashAndNeverTheKey() throws Exception {
        String key = realm.createKey();
        String hash = ApiKeyHash.of(key).hex();

        List<String> stored = server.database() == TestDatabase.H2 ? h2FileContents(hash) : apiKeyTableValues();

        assertThat(String.join("\n", stored)).contains(hash).doesNotContain(key).doesNotContain(key.substring(12));
    }

    /**
     * Every node refuses keys whose hash it does not know without asking the database; a row written behind
     * Keycloak's back (a restore, a bulk load) is therefore unknown until an admin clears the realm cache.
     */
    @Test
    void aKeyWrittenIntoTheDatabaseDirectlyWorksOnceTheRealmCacheIsCleared() throws Exception {
        assumeTrue(server.database() != TestDatabase.H2, "H2 runs inside Keycloak: no second writer");
        ApiKeyRepresentation template = realm.createKey(r -> { });
        ApiKey restored = ApiKeyFormat.generate("kcak");
        try (Connection connection = server.jdbc(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO API_KEY (ID, VERSION, REALM_ID, CLIENT_ID, NAME, KEY_HASH, KEY_START, ENABLED,"
                        + " CREATED_TIMESTAMP) SELECT ?, 0, REALM_ID, CLIENT_ID, 'restored', ?, ?, ENABLED,"
                        + " CREATED_TIMESTAMP FROM API_KEY WHERE ID = ?")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, restored.hash().hex());
            insert.setString(3, restored.start());
            insert.setString(4, template.getId());
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        IssuedKeys.remember(restored.reveal());

        assertThat(realm.exchange(restored.reveal()).status()).as("not known to the node").isEqualTo(401);
        realm.admin().clearRealmCache();

        assertThat(Poll.isTrueWithin(Duration.ofSeconds(10), () -> realm.exchange(restored.reveal()).status() == 200))
                .as("known after the realm cache was cleared").isTrue();
    }

    private List<String> apiKeyTableValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = server.jdbc(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM API_KEY")) {
            while (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    values.add(String.valueOf(rows.getString(column)));
                }
            }
        }
        return values;
    }

    /** H2 runs inside Keycloak; its file is read raw once the store has written the row (within a second or so). */
    private List<String> h2FileContents(String hash) {
        String raw = Poll.until(Duration.ofSeconds(10), () -> {
            try {
                String content = new String(Files.readAllBytes(server.h2File()), StandardCharsets.ISO_8859_1);
                return content.contains(hash) ? content : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(raw).as("the row reached the H2 file").isNotNull();
        return List.of(raw);
    }
}
