package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.usage.HourBucket;
import io.apikeys.keycloak.usage.UsageCounts;
import io.apikeys.keycloak.usage.UsageGranularity;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.util.JpaUtils;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Adds a chunk of this node's counts to {@code API_KEY_USAGE} with one statement: an upsert whose update ADDS the
 * node's counts to the stored ones, so that several nodes writing the same key and hour sum up. PostgreSQL uses
 * {@code INSERT ... ON CONFLICT DO UPDATE}, MariaDB and MySQL {@code INSERT ... ON DUPLICATE KEY UPDATE}, H2 the
 * standard {@code MERGE}. Other databases get a portable fallback: one {@code UPDATE ... SET ACCEPTED = ACCEPTED + ?}
 * per row and an insert where none matched; a concurrent insert by another node then fails the chunk's
 * transaction, which is retried at the next flush, so nothing is counted twice.
 */
final class UsageUpsert {

    static final String TABLE = "API_KEY_USAGE";
    private static final String COLUMNS =
            "KEY_ID, HOUR_START, DAY_START, REALM_ID, CLIENT_ID, CLIENT_CLIENT_ID, KEY_NAME, ACCEPTED, REFUSED";
    private static final int COLUMN_COUNT = 9;

    /** How a database is written to; read once from the JDBC driver. */
    enum Dialect {
        POSTGRESQL, MYSQL, H2, PORTABLE;

        static Dialect of(String productName) {
            String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
            if (name.contains("postgres")) {
                return POSTGRESQL;
            }
            if (name.contains("mariadb") || name.contains("mysql")) {
                return MYSQL;
            }
            return name.equals("h2") ? H2 : PORTABLE;
        }
    }

    private UsageUpsert() {
    }

    static Dialect dialect(EntityManager em) {
        return Dialect.of(em.callWithConnection((Connection c) -> c.getMetaData().getDatabaseProductName()));
    }

    /** Writes one chunk, already ordered by key and hour (the order rows are locked in on every node). */
    static void run(EntityManager em, Dialect dialect, Map<HourBucket, UsageCounts> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        if (dialect == Dialect.PORTABLE) {
            portable(em, chunk);
            return;
        }
        String sql = statement(dialect, JpaUtils.getTableNameForNativeQuery(TABLE, em), chunk.size());
        em.runWithConnection((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, chunk);
                statement.executeUpdate();
            }
        });
    }

    static String statement(Dialect dialect, String table, int rows) {
        String row = dialect == Dialect.H2
                ? "(CAST(? AS VARCHAR(36)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(36)),"
                  + " CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255)), CAST(? AS BIGINT),"
                  + " CAST(? AS BIGINT))"
                : "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < rows; i++) {
            values.add(row);
        }
        return switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + table + " AS u (" + COLUMNS + ") VALUES " + values
                    + " ON CONFLICT (KEY_ID, HOUR_START) DO UPDATE SET ACCEPTED = u.ACCEPTED + EXCLUDED.ACCEPTED,"
                    + " REFUSED = u.REFUSED + EXCLUDED.REFUSED, KEY_NAME = EXCLUDED.KEY_NAME,"
                    + " CLIENT_CLIENT_ID = EXCLUDED.CLIENT_CLIENT_ID";
            case MYSQL -> "INSERT INTO " + table + " (" + COLUMNS + ") VALUES " + values
                    + " ON DUPLICATE KEY UPDATE ACCEPTED = ACCEPTED + VALUES(ACCEPTED),"
                    + " REFUSED = REFUSED + VALUES(REFUSED), KEY_NAME = VALUES(KEY_NAME),"
                    + " CLIENT_CLIENT_ID = VALUES(CLIENT_CLIENT_ID)";
            case H2 -> "MERGE INTO " + table + " u USING (VALUES " + values + ") AS s(" + COLUMNS + ")"
                    + " ON u.KEY_ID = s.KEY_ID AND u.HOUR_START = s.HOUR_START"
                    + " WHEN MATCHED THEN UPDATE SET ACCEPTED = u.ACCEPTED + s.ACCEPTED,"
                    + " REFUSED = u.REFUSED + s.REFUSED, KEY_NAME = s.KEY_NAME, CLIENT_CLIENT_ID = s.CLIENT_CLIENT_ID"
                    + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.KEY_ID, s.HOUR_START, s.DAY_START,"
                    + " s.REALM_ID, s.CLIENT_ID, s.CLIENT_CLIENT_ID, s.KEY_NAME, s.ACCEPTED, s.REFUSED)";
            case PORTABLE -> throw new IllegalArgumentException("no single statement for this database");
        };
    }

    private static void bind(PreparedStatement statement, Map<HourBucket, UsageCounts> chunk) throws SQLException {
        int p = 1;
        for (Map.Entry<HourBucket, UsageCounts> entry : chunk.entrySet()) {
            HourBucket bucket = entry.getKey();
            UsageCounts counts = entry.getValue();
            statement.setString(p++, bucket.keyId());
            statement.setLong(p++, bucket.hourStart());
            statement.setLong(p++, UsageGranularity.DAY.bucketStart(bucket.hourStart()));
            statement.setString(p++, counts.key().realmId());
            statement.setString(p++, counts.key().clientUuid());
            statement.setString(p++, counts.key().clientId());
            statement.setString(p++, counts.key().keyName());
            statement.setLong(p++, counts.accepted());
            statement.setLong(p++, counts.refused());
        }
        if (p != chunk.size() * COLUMN_COUNT + 1) {
            throw new IllegalStateException("usage upsert bound " + (p - 1) + " parameters");
        }
    }

    private static void portable(EntityManager em, Map<HourBucket, UsageCounts> chunk) {
        List<ApiKeyUsageEntity> inserts = new ArrayList<>();
        for (Map.Entry<HourBucket, UsageCounts> entry : chunk.entrySet()) {
            HourBucket bucket = entry.getKey();
            UsageCounts counts = entry.getValue();
            int updated = em.createNamedQuery("ApiKeyUsage.add")
                    .setParameter("accepted", counts.accepted()).setParameter("refused", counts.refused())
                    .setParameter("keyName", counts.key().keyName())
                    .setParameter("clientClientId", counts.key().clientId())
                    .setParameter("keyId", bucket.keyId()).setParameter("hourStart", bucket.hourStart())
                    .executeUpdate();
            if (updated == 0) {
                inserts.add(new ApiKeyUsageEntity(bucket.keyId(), bucket.hourStart(),
                        UsageGranularity.DAY.bucketStart(bucket.hourStart()), counts.key().realmId(),
                        counts.key().clientUuid(), counts.key().clientId(), counts.key().keyName(),
                        counts.accepted(), counts.refused()));
            }
        }
        inserts.forEach(em::persist);
        em.flush();
    }
}
