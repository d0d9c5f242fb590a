package io.apikeys.keycloak.store.jpa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

final class UsageUpsertTest {

    @ParameterizedTest
    @CsvSource({"PostgreSQL, POSTGRESQL", "MariaDB, MYSQL", "MySQL, MYSQL", "H2, H2", "Oracle, PORTABLE",
            "Microsoft SQL Server, PORTABLE"})
    void theDatabaseDecidesTheStatement(String product, UsageUpsert.Dialect dialect) {
        assertThat(UsageUpsert.Dialect.of(product)).isEqualTo(dialect);
    }

    @Test
    void everyStatementAddsTheNodesCountsToTheStoredOnes() {
        String postgres = UsageUpsert.statement(UsageUpsert.Dialect.POSTGRESQL, "API_KEY_USAGE", 2);
        assertThat(postgres).startsWith("INSERT INTO API_KEY_USAGE AS u (")
                .contains("VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT")
                .contains("ACCEPTED = u.ACCEPTED + EXCLUDED.ACCEPTED").contains("REFUSED = u.REFUSED + EXCLUDED.REFUSED");
        assertThat(UsageUpsert.statement(UsageUpsert.Dialect.MYSQL, "API_KEY_USAGE", 1))
                .contains("ON DUPLICATE KEY UPDATE ACCEPTED = ACCEPTED + VALUES(ACCEPTED)")
                .contains("REFUSED = REFUSED + VALUES(REFUSED)");
        String h2 = UsageUpsert.statement(UsageUpsert.Dialect.H2, "API_KEY_USAGE", 3);
        assertThat(h2).startsWith("MERGE INTO API_KEY_USAGE u USING (VALUES (CAST(? AS VARCHAR(36))")
                .contains("ACCEPTED = u.ACCEPTED + s.ACCEPTED").contains("WHEN NOT MATCHED THEN INSERT");
        assertThat(h2.chars().filter(c -> c == '?').count()).isEqualTo(27);
    }
}
