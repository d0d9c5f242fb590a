package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.UsageBucketRepresentation;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Usage is kept for the realm's {@code usageRetentionDays}: changing it prunes the realm's older rows at once
 * (the hourly prune does the same for every realm). Old rows cannot be made by waiting, so they are written into
 * the database directly, as another node's flush from 10 days ago would have left them; H2 runs inside Keycloak and
 * cannot be written from outside, so that part runs on PostgreSQL and MariaDB.
 */
@KeycloakIntegrationTest
@StorageSensitive
final class UsageRetentionIT {

    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private final TestServer server;
    private final TestRealm realm;

    UsageRetentionIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void shorterRetentionPrunesOlderRowsAndKeepsRecentOnes() throws Exception {
        assumeTrue(server.database() != TestDatabase.H2, "H2 runs inside Keycloak: old rows cannot be written from outside");
        ApiKeyRepresentation key = realm.createKey(r -> { });
        long hour = System.currentTimeMillis() / HOUR * HOUR;
        insertRow(key.getId(), hour - 10 * DAY, 7);
        insertRow(key.getId(), hour - 2 * DAY, 5);
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> acceptedByDay(key.getId()).equals(List.of(7L, 5L, 1L))))
                .as("%s", acceptedByDay(key.getId())).isTrue();

        retention(5);

        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> acceptedByDay(key.getId()).equals(List.of(5L, 1L))))
                .as("%s", acceptedByDay(key.getId())).isTrue();
        assertThat(rows("KEY_ID = ?", key.getId())).isEqualTo(2);
    }

    @Test
    void theShortestRetentionKeepsTodaysUsage() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> acceptedByDay(key.getId()).equals(List.of(1L)))).isTrue();

        retention(1);
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);

        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> acceptedByDay(key.getId()).equals(List.of(2L))))
                .as("%s", acceptedByDay(key.getId())).isTrue();
    }

    @Test
    void removingTheRealmRemovesItsUsage() throws Exception {
        assumeTrue(server.database() != TestDatabase.H2, "H2 runs inside Keycloak: its rows are not readable from outside");
        TestRealm doomed = TestRealm.fromDemo(server);
        String realmId = doomed.admin().toRepresentation().getId();
        ApiKeyRepresentation key = doomed.createKey(r -> { });
        assertThat(doomed.exchange(key.getKey()).status()).isEqualTo(200);
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> rows("REALM_ID = ?", realmId) == 1)).isTrue();

        doomed.delete();

        assertThat(rows("REALM_ID = ?", realmId)).isZero();
    }

    private List<Long> acceptedByDay(String keyId) {
        long now = System.currentTimeMillis();
        return realm.keys().usage(keyId, now - 30 * DAY, now + 1, "day").getBuckets().stream()
                .map(UsageBucketRepresentation::getAccepted).filter(n -> n > 0).toList();
    }

    private void retention(int days) {
        ApiKeySettingsRepresentation settings = new ApiKeySettingsRepresentation();
        settings.setUsageRetentionDays(days);
        realm.keys().updateSettings(settings);
    }

    private String realmId() {
        return realm.admin().toRepresentation().getId();
    }

    private void insertRow(String keyId, long hourStart, long accepted) throws Exception {
        try (Connection db = server.jdbc(); PreparedStatement insert = db.prepareStatement("INSERT INTO API_KEY_USAGE"
                + " (KEY_ID, HOUR_START, DAY_START, REALM_ID, CLIENT_ID, CLIENT_CLIENT_ID, KEY_NAME, ACCEPTED, REFUSED)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, keyId);
            insert.setLong(2, hourStart);
            insert.setLong(3, hourStart / DAY * DAY);
            insert.setString(4, realmId());
            insert.setString(5, realm.client(TestRealm.SERVICE).getId());
            insert.setString(6, TestRealm.SERVICE);
            insert.setString(7, "old");
            insert.setLong(8, accepted);
            insert.executeUpdate();
        }
    }

    private long rows(String where, String value) {
        try (Connection db = server.jdbc();
             PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM API_KEY_USAGE WHERE " + where)) {
            count.setString(1, value);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
