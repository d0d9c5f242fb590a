package io.apikeys.keycloak.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /realms/{realm}/api-keys/{id}/usage: the admin usage API's answer, for console users who may view the key. */
@KeycloakIntegrationTest
final class ConsoleUsageRestIT {

    private static final long DAY = 86_400_000L;

    private final TestServer server;
    private final TestRealm realm;
    private final String url;
    private final ApiKeyRepresentation serviceKey;
    private final String otherKeyId;

    ConsoleUsageRestIT(TestServer server) {
        this.server = server;
        realm = ConsoleRealm.create(TestRealm.fromDemo(server));
        url = server.realmUrl(realm.name()) + "/api-keys";
        serviceKey = realm.createKey(request -> request.setName("service-key"));
        otherKeyId = realm.createKey(request -> request.setClientId(ConsoleRealm.OTHER_SERVICE)).getId();
    }

    @Test
    void aViewerReadsTheSameBucketsAsTheAdminApi() {
        assertThat(realm.exchange(serviceKey.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(serviceKey.getKey()).status()).isEqualTo(200);
        long now = System.currentTimeMillis();
        String range = "?granularity=day&from=" + (now - 29 * DAY) + "&to=" + (now + 1);
        String viewer = token(ConsoleRealm.VIEWER);

        JsonNode usage = Poll.until(Duration.ofSeconds(15), () -> {
            JsonNode answer = Http.get(url + "/" + serviceKey.getId() + "/usage" + range, viewer).json();
            return accepted(answer) == 2 ? answer : null;
        });

        assertThat(usage).as("2 uses after the flush").isNotNull();
        assertThat(usage.get("keyId").asText()).isEqualTo(serviceKey.getId());
        assertThat(usage.get("granularity").asText()).isEqualTo("day");
        assertThat(usage.get("buckets")).hasSize(30);
        assertThat(usage).isEqualTo(Http.get(realm.keysUrl() + "/" + serviceKey.getId() + "/usage" + range,
                realm.adminToken()).json());
    }

    @ParameterizedTest(name = "{0}: demo-service key {1}, other-service key {2}")
    @CsvSource({
            "demo-admin,  200, 200",
            "demo-owner,  200, 404",
            "demo-viewer, 200, 200",
            "demo-user,   404, 404"})
    void readingFollowsTheViewRights(String user, int serviceKeyStatus, int otherKeyStatus) {
        String token = token(user);

        assertThat(Http.get(url + "/" + serviceKey.getId() + "/usage", token).status()).isEqualTo(serviceKeyStatus);
        assertThat(Http.get(url + "/" + otherKeyId + "/usage", token).status()).isEqualTo(otherKeyStatus);
        assertThat(Http.get(url + "/" + serviceKey.getId() + "/quota", token).status()).isEqualTo(serviceKeyStatus);
        assertThat(Http.get(url + "/" + otherKeyId + "/quota", token).status()).isEqualTo(otherKeyStatus);
    }

    @Test
    void aKeyOfAnotherRealmIsNotFoundAndBadParametersAreRefused() {
        TestRealm other = ConsoleRealm.create(TestRealm.fromDemo(server));
        String otherRealmUrl = server.realmUrl(other.name()) + "/api-keys/" + serviceKey.getId() + "/usage";
        assertThat(Http.get(otherRealmUrl, other.userToken("demo-admin", "demo-admin")).status()).isEqualTo(404);
        other.delete();

        String admin = token("demo-admin");
        Http.Result bad = Http.get(url + "/" + serviceKey.getId() + "/usage?granularity=week", admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(Http.get(url + "/" + serviceKey.getId() + "/usage", null).status()).isEqualTo(401);
        assertThat(Http.request("GET", url + "/check/usage", "X-API-Key", serviceKey.getKey()).status())
                .as("a gateway's /check/usage is still forward authentication").isEqualTo(200);
        assertThat(Http.request("GET", url + "/check/quota", "X-API-Key", serviceKey.getKey()).status())
                .as("and so is /check/quota").isEqualTo(200);
    }

    private static long accepted(JsonNode usage) {
        long sum = 0;
        for (JsonNode bucket : usage.path("buckets")) {
            sum += bucket.get("accepted").asLong();
        }
        return sum;
    }

    private String token(String user) {
        return realm.userToken(user, user);
    }
}
