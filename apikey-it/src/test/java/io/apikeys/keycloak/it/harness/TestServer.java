package io.apikeys.keycloak.it.harness;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Keycloak server of a test run, shared by every integration test and closed when the run ends. Tests
 * reach it through {@link KeycloakExtension} and create their own realms and clients on it.
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final TestSettings settings;
    private final KeycloakBackend backend;
    private Keycloak admin;

    private TestServer(TestSettings settings, KeycloakBackend backend) {
        this.settings = settings;
        this.backend = backend;
    }

    /** One line per realm imported in this run; scripts/test fails a pass that imports more than 60. */
    static final String REALM_IMPORTS = "realm-imports.log";

    static TestServer start() {
        TestSettings settings = TestSettings.fromSystemProperties();
        try {
            Files.createDirectories(settings.workDir());
            Files.deleteIfExists(settings.workDir().resolve(REALM_IMPORTS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeycloakBackend backend = "testcontainers".equals(settings.backend())
                ? ContainerBackend.start(settings)
                : DistributionBackend.start(settings);
        return new TestServer(settings, backend);
    }

    public String baseUrl() {
        return backend.baseUrl();
    }

    /** The management interface with {@code /metrics} (distribution backend only; the test server enables metrics). */
    public String managementUrl() {
        if (!(backend instanceof DistributionBackend distribution)) {
            org.junit.jupiter.api.Assumptions.abort("The management port is only reachable with the distribution backend");
            return null;
        }
        return distribution.managementUrl();
    }

    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    public String tokenUrl(String realm) {
        return realmUrl(realm) + "/protocol/openid-connect/token";
    }

    public String adminUrl(String realm) {
        return baseUrl() + "/admin/realms/" + realm;
    }

    /** Admin client logged in as the bootstrap admin of the master realm. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = KeycloakBuilder.builder().serverUrl(baseUrl()).realm("master").clientId("admin-cli")
                    .username(ADMIN).password(ADMIN_PASSWORD).build();
        }
        return admin;
    }

    /** Notes a realm import with the test class that asked for it, for the per-pass budget of scripts/test. */
    void recordRealmImport(String realm) {
        String caller = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.endsWith("IT") || name.contains("IT$")).findFirst().orElse("?"));
        try {
            Files.writeString(settings.workDir().resolve(REALM_IMPORTS), realm + " " + caller + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RealmResource realm(String name) {
        return admin().realm(name);
    }

    public TestDatabase database() {
        return settings.database();
    }

    /** The name of this run's database (PostgreSQL and MariaDB only). */
    public String databaseName() {
        return backend instanceof DistributionBackend distribution ? distribution.databaseName() : null;
    }

    public Path log() {
        return backend.log();
    }

    /** The H2 database file of the distribution backend (null for other databases and backends). */
    public Path h2File() {
        if (backend instanceof DistributionBackend distribution && settings.database() == TestDatabase.H2) {
            return distribution.home().resolve("data/h2/keycloakdb.mv.db");
        }
        return null;
    }

    /** A JDBC connection to this run's PostgreSQL or MariaDB database. */
    public java.sql.Connection jdbc() throws java.sql.SQLException {
        return settings.database().connect(databaseName());
    }

    public String logText() {
        Path log = log();
        try {
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path distribution() {
        return settings.distribution();
    }

    public void restart() {
        closeAdmin();
        backend.restart();
    }

    /** Kills the server with SIGKILL, as a crash would, and starts it again on the same database. */
    public void crashAndRestart() {
        if (!(backend instanceof DistributionBackend distribution)) {
            org.junit.jupiter.api.Assumptions.abort("Crashing the server is only supported by the distribution backend");
            return;
        }
        closeAdmin();
        distribution.kill();
        distribution.startAgain();
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    @Override
    public void close() {
        closeAdmin();
        backend.close();
    }
}
