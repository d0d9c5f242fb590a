package io.apikeys.keycloak.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.AdminEventRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to /realms/{realm}/api-keys is a 400 with the admin API's JSON errors; changes are admin events. */
@KeycloakIntegrationTest
final class ConsoleRestInputIT {

    private final TestRealm realm;
    private final String url;
    private final String owner;

    ConsoleRestInputIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        url = server.realmUrl(realm.name()) + "/api-keys";
        owner = realm.userToken("demo-owner", "demo-owner");
    }

    /** Bodies are written with ` for " to keep the table readable. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                                 | invalid_request",
            "[]                                                                        | invalid_request",
            "{`clientId`: `demo-service`}                                              | invalid_name",
            "{`name`: `x`}                                                             | invalid_request",
            "{`clientId`: `demo-service`, `name`: 7}                                   | invalid_request",
            "{`clientId`: `demo-service`, `name`: `x`, `allowedIps`: [`10.0.0.0/33`]}  | invalid_allowed_ips",
            "{`clientId`: `demo-service`, `name`: `x`, `scopes`: [`no-such-scope`]}    | unknown_scope",
            "{`clientId`: `demo-service`, `name`: `x`, `roles`: [`no-such-role`]}      | unknown_role",
            "{`clientId`: `demo-service`, `name`: `x`, `expiresTimestamp`: 1000}       | invalid_expiry",
            "{`clientId`: `demo-service`, `name`: `x`, `rateLimit`: {`requests`: 0}}   | invalid_rate_limit"})
    void badCreateRequestsAreBadRequests(String body, String error) {
        Http.Result result = Http.json("POST", url, owner, body.replace('`', '"'));

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo(error);
        assertThat(result.json().get("error_description").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "?{0}")
    @CsvSource({"status=bogus", "max=abc", "max=0", "max=100000", "first=-1"})
    void badListParametersAreBadRequests(String query) {
        Http.Result result = Http.get(url + "?" + query, owner);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void badRotationsAreBadRequests() {
        String id = realm.createKey(request -> request.setName("to-rotate")).getId();

        assertThat(Http.json("POST", url + "/" + id + "/rotate", owner, "{\"gracePeriodSeconds\": -1}").json()
                .get("error").asText()).isEqualTo("invalid_grace_period");
        assertThat(Http.json("POST", url + "/" + id + "/rotate", owner, "{\"gracePeriodSeconds\": \"soon\"}").status())
                .isEqualTo(400);
        assertThat(Http.json("POST", url + "/no-such-id/rotate", owner, "{}").status()).isEqualTo(404);
    }

    @Test
    void changesAreAdminEventsWithTheConsoleUserAndWithoutTheKey() {
        Http.Result created = Http.json("POST", url, owner, "{\"clientId\": \"demo-service\", \"name\": \"audited\"}");
        String key = IssuedKeys.remember(created.json().get("key").asText());
        String id = created.json().get("id").asText();
        assertThat(Http.json("POST", url + "/" + id + "/revoke", owner, null).status()).isEqualTo(204);

        List<AdminEventRepresentation> events = realm.admin().getAdminEvents(null, null, null, null, null,
                "api-keys/" + id, null, null, null, null);
        assertThat(events).extracting(AdminEventRepresentation::getOperationType)
                .containsExactlyInAnyOrder("CREATE", "ACTION");
        String ownerId = realm.admin().users().search("demo-owner", true).get(0).getId();
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getResourceType()).isEqualTo("API_KEY");
            assertThat(event.getAuthDetails().getUserId()).isEqualTo(ownerId);
            assertThat(event.getRepresentation()).contains("\"audited\"").doesNotContain(key);
        });
        JsonNode revoked = Http.get(url + "/" + id, owner).json();
        assertThat(revoked.get("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.has("key")).isFalse();
    }
}
