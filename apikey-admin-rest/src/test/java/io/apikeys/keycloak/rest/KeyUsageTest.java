package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.client.DailyUsageRepresentation;
import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.usage.UsageGranularity;
import io.apikeys.keycloak.usage.UsageRange;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class KeyUsageTest {

    private static final long NOW = 1_764_000_000_000L;

    @Test
    void csvHasAHeaderAndOneLinePerKeyAndDay() {
        DailyUsageRepresentation row = new DailyUsageRepresentation();
        row.setKeyId("k1");
        row.setClientId("orders-service");
        row.setName("ci, \"deploy\"");
        row.setDay("2026-12-01");
        row.setAccepted(42);
        row.setRefused(3);

        assertThat(KeyUsage.csv(List.of(row))).isEqualTo("keyId,clientId,name,day,accepted,refused\r\n"
                + "k1,orders-service,\"ci, \"\"deploy\"\"\",2026-12-01,42,3\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"=cmd()|\"'=cmd()\"", "+1|\"'+1\"", "-1|\"'-1\"",
            "@sum|\"'@sum\"", "plain|plain", "a;=cmd()|\"a;=cmd()\"", "a,b|\"a,b\"", "say \"hi\"|\"say \"\"hi\"\"\""})
    void fieldsASpreadsheetWouldRunAreDefused(String value, String expected) {
        assertThat(KeyUsage.field(value)).isEqualTo(expected);
    }

    /** Keycloak hands the acceptable types over ordered by preference (q, then specificity). */
    @ParameterizedTest
    @CsvSource({"text/csv, true", "text/csv application/json, true", "application/json text/csv, false",
            "*/* text/csv, false", "text/* application/json, true", "text/html application/json, false"})
    void csvOnlyWhenTheCallerPrefersIt(String acceptable, boolean csv) {
        List<MediaType> types = java.util.Arrays.stream(acceptable.split(" "))
                .map(type -> new MediaType(type.substring(0, type.indexOf('/')), type.substring(type.indexOf('/') + 1)))
                .toList();
        assertThat(KeyUsage.wantsCsv(types)).isEqualTo(csv);
    }

    @Test
    void parametersHaveDefaults() {
        assertThat(UsageParameters.range(null, null, null, NOW))
                .isEqualTo(new UsageRange(NOW - 7 * 86_400_000L, NOW, UsageGranularity.HOUR));
        assertThat(UsageParameters.range(" 5 ", "10", "DAY", NOW)).isEqualTo(new UsageRange(5, 10, UsageGranularity.DAY));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"yesterday, -, -, from", "-, 1e12, -, to", "-, -, week, granularity",
            "-5, -, -, from", "10, 5, -, from must be before to", "0, 2678400001, hour, at most 31 days"})
    void badParametersAreInvalidRequests(String from, String to, String granularity, String named) {
        ApiKeyValidationException e = catchThrowableOfType(ApiKeyValidationException.class,
                () -> UsageParameters.range(from, to, granularity, NOW));
        assertThat(e.error()).isEqualTo("invalid_request");
        assertThat(e.description()).contains(named);
    }
}
