package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.DailyUsageRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The billing export: per key and UTC day, JSON or CSV, with the rights of the keys, a deleted key's history
 * included.
 */
@KeycloakIntegrationTest
@StorageSensitive
final class UsageExportIT {

    private final TestRealm realm;
    private ApiKeyRepresentation kept;
    private ApiKeyRepresentation deleted;

    UsageExportIT(TestServer server) {
        this.realm = TestRealm.fromDemo(server);
    }

    /** kept: 3 uses; deleted: 2 uses and 1 refused by its rate limit, then deleted. */
    @BeforeAll
    void useTwoKeysAndDeleteOne() {
        kept = realm.createKey(r -> r.setName("kept"));
        deleted = realm.createKey(r -> {
            r.setName("=gone, \"quoted\"");
            r.setRateLimit(new RateLimitRepresentation(2, 3600));
        });
        for (int i = 0; i < 3; i++) {
            assertThat(realm.exchange(kept.getKey()).status()).isEqualTo(200);
            assertThat(realm.exchange(deleted.getKey()).status()).isEqualTo(i < 2 ? 200 : 429);
        }
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(15), () -> export("").size() == 2)).isTrue();
        realm.keys().delete(deleted.getId());
    }

    @Test
    void jsonHasOneRowPerKeyAndDayAndKeepsTheDeletedKey() {
        Map<String, DailyUsageRepresentation> rows = export("clientId=" + TestRealm.SERVICE).stream()
                .collect(Collectors.toMap(DailyUsageRepresentation::getKeyId, row -> row));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(rows).containsOnlyKeys(kept.getId(), deleted.getId());
        assertThat(rows.get(kept.getId())).extracting("clientId", "name", "day", "accepted", "refused")
                .containsExactly(TestRealm.SERVICE, "kept", today, 3L, 0L);
        assertThat(rows.get(deleted.getId())).extracting("clientId", "name", "day", "accepted", "refused")
                .containsExactly(TestRealm.SERVICE, "=gone, \"quoted\"", today, 2L, 1L);
        assertThat(realm.keys().usageExport(null, null, null)).hasSize(2);
    }

    @Test
    void csvIsTheSameExport() {
        Http.Result csv = Http.request("GET", realm.keysUrl() + "/usage", "Authorization", "Bearer " + realm.adminToken(),
                "Accept", "text/csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("keyId,clientId,name,day,accepted,refused");
        assertThat(lines).hasSize(3);
        String deletedLine = lines.stream().filter(l -> l.startsWith(deleted.getId())).findFirst().orElseThrow();
        assertThat(deletedLine).contains(",\"'=gone, \"\"quoted\"\"\",");
        long accepted = lines.stream().skip(1).mapToLong(l -> Long.parseLong(field(l, 2))).sum();
        long refused = lines.stream().skip(1).mapToLong(l -> Long.parseLong(field(l, 1))).sum();
        assertThat(accepted).isEqualTo(5);
        assertThat(refused).isEqualTo(1);
        assertThat(realm.keys().usageExportCsv(TestRealm.SERVICE, null, null)).isEqualTo(csv.body());
    }

    @Test
    void rightsAreThoseOfTheKeys() {
        realm.createUser("usage-viewer", "view-clients");
        realm.createUser("usage-nobody");
        String viewer = realm.userToken("usage-viewer", "usage-viewer");
        String nobody = realm.userToken("usage-nobody", "usage-nobody");

        assertThat(Http.get(realm.keysUrl() + "/usage", viewer).json()).hasSize(2);
        assertThat(Http.get(realm.keysUrl() + "/" + kept.getId() + "/usage", viewer).status()).isEqualTo(200);
        assertThat(Http.get(realm.keysUrl() + "/usage", nobody).status()).isEqualTo(403);
        assertThat(Http.get(realm.keysUrl() + "/usage?clientId=" + TestRealm.SERVICE, nobody).status()).isEqualTo(403);
        assertThat(Http.get(realm.keysUrl() + "/" + kept.getId() + "/usage", nobody).status()).isEqualTo(403);
        assertThat(Http.get(realm.keysUrl() + "/usage", null).status()).isEqualTo(401);
    }

    @Test
    void anUnknownClientIsABadRequestAndAClientWithoutKeysIsEmpty() {
        Http.Result unknown = Http.get(realm.keysUrl() + "/usage?clientId=nope", realm.adminToken());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unknown_client");
        assertThat(export("clientId=" + TestRealm.GATEWAY)).isEmpty();
    }

    private List<DailyUsageRepresentation> export(String query) {
        Http.Result result = Http.get(realm.keysUrl() + "/usage?" + query, realm.adminToken());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        try {
            return Arrays.asList(Http.JSON.treeToValue(result.json(), DailyUsageRepresentation[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** The n-th field from the end of a CSV line (the numbers come last and are never quoted). */
    private static String field(String line, int fromEnd) {
        String[] parts = line.split(",");
        return parts[parts.length - fromEnd];
    }
}
