package io.apikeys.keycloak.it.harness;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every value of every table of a PostgreSQL or MariaDB database as text, for the leak scans. */
public final class DatabaseText {

    private DatabaseText() {
    }

    public static String of(Connection connection) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table : tables(connection)) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int column = 1; column <= columns; column++) {
                        all.append(rows.getString(column)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData metadata = connection.getMetaData();
        String schema = metadata.getDatabaseProductName().toLowerCase().contains("postgres") ? "public" : null;
        try (ResultSet rows = metadata.getTables(connection.getCatalog(), schema, "%", new String[]{"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }
}
