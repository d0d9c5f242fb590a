package io.apikeys.keycloak.it.admin;

import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad input is a 400 with a JSON error that says what is wrong, and nothing gets created. */
@KeycloakIntegrationTest
final class AdminValidationIT {

    private final TestServer server;
    private final TestRealm realm;

    AdminValidationIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    static Stream<Arguments> badCreateRequests() {
        String svc = "\"clientId\":\"demo-service\",";
        return Stream.of(
                arguments("not json", "invalid_request"),
                arguments("[]", "invalid_request"),
                arguments("{\"name\":\"x\"}", "invalid_request"),
                arguments("{\"clientId\":\"nope\",\"name\":\"x\"}", "unknown_client"),
                arguments("{\"clientId\":\"demo-gateway\",\"name\":\"x\"}", "service_account_required"),
                arguments("{\"clientId\":\"admin-cli\",\"name\":\"x\"}", "service_account_required"),
                arguments("{" + svc + "\"description\":\"no name\"}", "invalid_name"),
                arguments("{" + svc + "\"name\":\"" + "n".repeat(256) + "\"}", "invalid_name"),
                arguments("{" + svc + "\"name\":5}", "invalid_request"),
                arguments("{" + svc + "\"name\":\"x\",\"expiresTimestamp\":1000}", "invalid_expiry"),
                arguments("{" + svc + "\"name\":\"nul\\u0000byte\"}", "invalid_name"),
                arguments("{" + svc + "\"name\":\"two\\nlines\"}", "invalid_name"),
                arguments("{" + svc + "\"name\":\"x\",\"expiresTimestamp\":253402300800000}", "invalid_expiry"),
                arguments("{" + svc + "\"name\":\"x\",\"expiresTimestamp\":9223372036854775807}", "invalid_expiry"),
                arguments("{" + svc + "\"name\":\"x\",\"expiresTimestamp\":1e30}", "invalid_request"),
                arguments("{" + svc + "\"name\":\"x\",\"allowedIps\":[\"10.0.0.0/33\"]}", "invalid_allowed_ips"),
                arguments("{" + svc + "\"name\":\"x\",\"allowedIps\":[\"example.com\"]}", "invalid_allowed_ips"),
                arguments("{" + svc + "\"name\":\"x\",\"allowedIps\":\"10.0.0.1\"}", "invalid_request"),
                arguments("{" + svc + "\"name\":\"x\",\"scopes\":[\"nope\"]}", "unknown_scope"),
                arguments("{" + svc + "\"name\":\"x\",\"roles\":[\"nope\"]}", "unknown_role"),
                arguments("{" + svc + "\"name\":\"x\",\"audiences\":[\"nope\"]}", "unknown_audience"),
                arguments("{" + svc + "\"name\":\"x\",\"rateLimit\":{\"requests\":0,\"windowSeconds\":60}}", "invalid_rate_limit"),
                arguments("{" + svc + "\"name\":\"x\",\"rateLimit\":{\"requests\":10}}", "invalid_rate_limit"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":0,\"period\":\"DAY\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":-5,\"period\":\"MONTH\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":10}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"period\":\"DAY\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":10,\"period\":\"WEEK\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":10,\"period\":\"day\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":\"10\",\"period\":\"DAY\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":1.5,\"period\":\"DAY\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":10,\"period\":7}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":{\"requests\":99999999999,\"period\":\"DAY\"}}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":\"DAY\"}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"quota\":[1]}", "invalid_quota"),
                arguments("{" + svc + "\"name\":\"x\",\"tokenLifespanSeconds\":999999}", "invalid_token_lifespan"),
                arguments("{" + svc + "\"name\":\"x\",\"allowedIps\":[" + "\"10.0.0.1\",".repeat(500) + "\"10.0.0.2\"]}", "invalid_allowed_ips"),
                arguments("{" + svc + "\"name\":\"x\",\"attributes\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001), "invalid_request"));
    }

    @ParameterizedTest
    @MethodSource("badCreateRequests")
    void badCreateRequestIs400AndCreatesNothing(String body, String error) {
        int before = realm.keys().list(null, null, null, null, null).size();

        Http.Result result = Http.json("POST", realm.keysUrl(), adminToken(), body);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo(error);
        assertThat(result.json().get("error_description").asText()).isNotBlank();
        assertThat(realm.keys().list(null, null, null, null, null)).hasSize(before);
    }

    @Test
    void realmPolicyLimitsKeys() {
        TestRealm limited = TestRealm.fromDemo(server);
        ApiKeySettingsRepresentation settings = new ApiKeySettingsRepresentation();
        settings.setMaxKeysPerClient(1);
        settings.setMaxLifetimeSeconds(3600L);
        limited.keys().updateSettings(settings);
        long inAnHour = System.currentTimeMillis() + 3_000_000L;
        limited.createKey(r -> r.setExpiresTimestamp(inAnHour));

        assertThat(create(limited, "{\"clientId\":\"demo-service\",\"name\":\"2nd\",\"expiresTimestamp\":" + inAnHour + "}")
                .json().get("error").asText()).isEqualTo("too_many_keys");
        assertThat(create(limited, "{\"clientId\":\"demo-service\",\"name\":\"far\",\"expiresTimestamp\":"
                + (inAnHour + 7_200_000L) + "}").json().get("error").asText()).isEqualTo("invalid_expiry");
        assertThat(limited.keys().getSettings().getMaxKeysPerClient()).isEqualTo(1);
        limited.delete();
    }

    @Test
    void unknownIdsAndBadQueriesAreClear() {
        assertThat(Http.get(realm.keysUrl() + "/does-not-exist", adminToken()).status()).isEqualTo(404);
        assertThat(Http.get(realm.keysUrl() + "?max=abc", adminToken()).status()).isEqualTo(400);
        assertThat(Http.get(realm.keysUrl() + "?status=SLEEPING", adminToken()).status()).isEqualTo(400);
        assertThat(Http.json("PUT", realm.keysUrl() + "/settings", adminToken(), "{\"keyPrefix\":\"Bad-Prefix\"}").status())
                .isEqualTo(400);
    }

    private Http.Result create(TestRealm target, String body) {
        return Http.json("POST", target.keysUrl(), adminToken(), body);
    }

    private String adminToken() {
        return server.admin().tokenManager().getAccessTokenString();
    }
}
