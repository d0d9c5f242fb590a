package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad usage parameters and retention settings are 400s that say what is wrong, never 500s. */
@KeycloakIntegrationTest
final class UsageValidationIT {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_764_000_000_000L;
    private final TestRealm realm;
    private final String keyId;

    UsageValidationIT(TestServer server) {
        this.realm = TestRealm.fromDemo(server);
        this.keyId = realm.createKey(r -> { }).getId();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "from=yesterday                       | from",
            "to=12.5                              | to",
            "from=-1                              | from",
            "granularity=week                     | granularity",
            "granularity=                         | ",
            "from=2000&to=1000                    | from must be before to",
            "from=1000&to=1000                    | from must be before to",
            "from=0&to=2678400001                 | at most 31 days",
            "from=0&to=34560000001&granularity=day | at most 400 days",
            "from=99999999999999999999            | from"})
    void badKeyUsageParameters(String query, String named) {
        Http.Result result = Http.get(realm.keysUrl() + "/" + keyId + "/usage?" + query, realm.adminToken());

        if (named == null) {
            assertThat(result.status()).as("an empty granularity is the default").isEqualTo(200);
            return;
        }
        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(result.json().get("error_description").asText()).contains(named);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "from=now                  | from",
            "to=-5                     | to",
            "from=5&to=4               | from must be before to",
            "from=0&to=34560000001     | at most 400 days"})
    void badExportParameters(String query, String named) {
        Http.Result result = Http.get(realm.keysUrl() + "/usage?" + query, realm.adminToken());

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(result.json().get("error_description").asText()).contains(named);
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        assertThat(realm.keys().usage(keyId, NOW - 31 * DAY, NOW, "hour").getBuckets()).hasSize(31 * 24);
        assertThat(realm.keys().usage(keyId, NOW - 400 * DAY, NOW, "DAY").getBuckets()).hasSize(401);
        assertThat(realm.keys().usageExport(null, NOW - 400 * DAY, NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0       | invalid_settings",
            "3651    | invalid_settings",
            "-1      | invalid_settings",
            "'\"90\"' | invalid_request",
            "1.5     | invalid_request"})
    void badRetention(String value, String error) {
        Http.Result result = Http.json("PUT", realm.keysUrl() + "/settings", realm.adminToken(),
                "{\"usageRetentionDays\": " + value + "}");

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo(error);
        assertThat(result.json().get("error_description").asText()).startsWith("usageRetentionDays ");
    }

    @Test
    void retentionDefaultsTo90AndKeepsAnyValueFrom1To3650() {
        assertThat(realm.keys().getSettings().getUsageRetentionDays()).isEqualTo(90);
        for (int days : new int[]{1, 3650}) {
            ApiKeySettingsRepresentation settings = new ApiKeySettingsRepresentation();
            settings.setUsageRetentionDays(days);
            assertThat(realm.keys().updateSettings(settings).getUsageRetentionDays()).isEqualTo(days);
            assertThat(realm.keys().getSettings().getUsageRetentionDays()).isEqualTo(days);
        }
        assertThat(Http.json("PUT", realm.keysUrl() + "/settings", realm.adminToken(), "{\"usageRetentionDays\": null}")
                .json().get("usageRetentionDays").asInt()).as("null restores the default").isEqualTo(90);
    }
}
