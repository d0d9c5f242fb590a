package io.apikeys.keycloak.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default backend: the real Keycloak distribution (unpacked by Maven from Maven Central) started as a
 * process, with a fresh database for this run.
 */
final class DistributionBackend implements KeycloakBackend {

    private final TestDatabase database;
    private final String databaseName;
    private final KeycloakNode node;

    private DistributionBackend(TestDatabase database, String databaseName, KeycloakNode node) {
        this.database = database;
        this.databaseName = databaseName;
        this.node = node;
    }

    static DistributionBackend start(TestSettings settings) {
        TestDatabase database = settings.database();
        String databaseName = "apikeys_it_" + Long.toString(System.currentTimeMillis(), 36);
        Path log = settings.workDir().resolve("keycloak.log");
        ServerHome home = ServerHome.prepare(settings.distribution(), settings.providers(), settings.realmExports(),
                settings.workDir().resolve("server"), List.of(database.buildOption(), "--health-enabled=true",
                        "--metrics-enabled=true"), log);
        // Keycloak's /metrics is on for MetricsIT; the extension's meters need no option of their own.
        database.create(databaseName);
        List<String> options = new ArrayList<>(TEST_OPTIONS);
        options.addAll(database.startOptions(databaseName));
        if (database != TestDatabase.POSTGRES) {
            // The storage tier's server shares no cluster: rate limits, quotas and key changes then go through the
            // database's own tables, so those statements run on H2 and MariaDB too (PostgreSQL: SharedDatabaseOnlyIT).
            options.add("--cache=local");
        }
        KeycloakNode node = new KeycloakNode(home, options, Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", TestServer.ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD), log);
        DistributionBackend backend = new DistributionBackend(database, databaseName, node);
        try {
            node.start();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return backend;
    }

    TestDatabase database() {
        return database;
    }

    Path home() {
        return node.home();
    }

    String databaseName() {
        return databaseName;
    }

    @Override
    public String baseUrl() {
        return node.baseUrl();
    }

    String managementUrl() {
        return node.managementUrl();
    }

    @Override
    public void restart() {
        node.stop();
        node.start();
    }

    void kill() {
        node.kill();
    }

    void startAgain() {
        node.start();
    }

    @Override
    public Path log() {
        return node.log();
    }

    @Override
    public void close() {
        node.stop();
        database.drop(databaseName);
    }
}
