package io.apikeys.keycloak.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The database one test run uses, chosen with {@code -Dit.db=h2|postgres|mariadb}. PostgreSQL and MariaDB get a
 * fresh database per run (dropped at the end); H2 is a file inside the server's own data directory.
 */
public enum TestDatabase {
    H2(null, null, null, null),
    POSTGRES("postgres", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "postgres"),
    MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3306/", "root", "");

    private final String vendor;
    private final String serverUrl;
    private final String adminDatabase;
    private final String user;

    TestDatabase(String vendor, String serverUrl, String user, String adminDatabase) {
        this.vendor = vendor;
        this.serverUrl = serverUrl;
        this.user = user;
        this.adminDatabase = adminDatabase;
    }

    public static TestDatabase fromSystemProperty() {
        return valueOf(System.getProperty("it.db", "h2").toUpperCase(Locale.ROOT));
    }

    /** Build-time option of {@code kc.sh build}. */
    public String buildOption() {
        return "--db=" + (vendor == null ? "dev-file" : vendor);
    }

    /** Run-time options of {@code kc.sh start} for a database name. */
    public List<String> startOptions(String database) {
        if (vendor == null) {
            return List.of();
        }
        return List.of("--db-url=" + serverUrl + database, "--db-username=" + user, "--db-password=" + password());
    }

    public void create(String database) {
        execute("CREATE DATABASE " + database);
    }

    public void drop(String database) {
        execute("DROP DATABASE IF EXISTS " + database);
    }

    /** A JDBC connection to a test database, for tests that look at rows. */
    public Connection connect(String database) throws SQLException {
        if (vendor == null) {
            throw new IllegalStateException("H2 runs inside Keycloak; rows are checked through the server");
        }
        return DriverManager.getConnection(serverUrl + database, user, password());
    }

    private String password() {
        return this == MARIADB ? "" : "postgres";
    }

    private void execute(String sql) {
        if (vendor == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(serverUrl + adminDatabase, user, password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + serverUrl + ": " + e.getMessage(), e);
        }
    }
}
