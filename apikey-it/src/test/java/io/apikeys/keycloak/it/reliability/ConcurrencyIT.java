package io.apikeys.keycloak.it.reliability;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Parallel changes end in one consistent state: limits hold, and a losing concurrent change gets a clear 409. */
@KeycloakIntegrationTest
@StorageSensitive
final class ConcurrencyIT {

    private final TestServer server;
    private final TestRealm realm;

    ConcurrencyIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void parallelCreatesNeverExceedTheLimit() throws Exception {
        ApiKeySettingsRepresentation settings = new ApiKeySettingsRepresentation();
        settings.setMaxKeysPerClient(3);
        realm.keys().updateSettings(settings);

        String client = realm.createServiceClient();
        List<Http.Result> results = inParallel(12, i -> Http.json("POST", realm.keysUrl(), token(),
                "{\"clientId\":\"" + client + "\",\"name\":\"parallel-" + i + "\"}"));

        results.stream().filter(r -> r.status() == 201).forEach(r -> IssuedKeys.remember(r.json().get("key").asText()));
        assertThat(results).extracting(Http.Result::status).containsOnly(201, 400).filteredOn(s -> s == 201).hasSize(3);
        assertThat(realm.keys().list(client, null, "parallel-", null, null)).hasSize(3);
    }

    @Test
    void parallelChangesOfOneKeyEndConsistent() throws Exception {
        String client = realm.createServiceClient();
        ApiKeyRepresentation key = realm.createKey(r -> r.setClientId(client));
        String url = realm.keysUrl() + "/" + key.getId();

        List<Http.Result> results = inParallel(8, i -> i % 4 == 3
                ? Http.json("POST", url + "/revoke", token(), null)
                : Http.json("PUT", url, token(), "{\"description\":\"writer-" + i + "\"}"));

        assertThat(results).extracting(Http.Result::status).allMatch(s -> s == 200 || s == 204 || s == 409);
        results.stream().filter(r -> r.status() == 409)
                .forEach(r -> assertThat(r.json().get("error").asText()).isEqualTo("conflict"));
        // A revoke never loses (it is the security action); updates may, and the end state is what the winners wrote.
        IntStream.of(3, 7).forEach(i -> assertThat(results.get(i).status()).as("revoke %d", i).isEqualTo(204));
        List<String> writtenDescriptions = IntStream.range(0, results.size())
                .filter(i -> results.get(i).status() == 200).mapToObj(i -> "writer-" + i).toList();
        ApiKeyRepresentation end = realm.keys().get(key.getId());
        assertThat(end.getStatus()).isEqualTo("REVOKED");
        if (writtenDescriptions.isEmpty()) {
            assertThat(end.getDescription()).isEqualTo(key.getDescription());
        } else {
            assertThat(end.getDescription()).isIn(writtenDescriptions);
        }
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(401);
    }

    @Test
    void parallelRotationsOfOneKeyMakeOneSuccessorAndTheRestConflict() throws Exception {
        String client = realm.createServiceClient();
        ApiKeyRepresentation key = realm.createKey(r -> r.setClientId(client));

        List<Http.Result> results = inParallel(8, i -> Http.json("POST", realm.keysUrl() + "/" + key.getId() + "/rotate",
                token(), "{\"gracePeriodSeconds\": 60}"));

        results.stream().filter(r -> r.status() == 201).forEach(r -> IssuedKeys.remember(r.json().get("key").asText()));
        assertThat(results).extracting(Http.Result::status).allMatch(s -> s == 201 || s == 400 || s == 409)
                .filteredOn(s -> s == 201).hasSize(1);
        results.stream().filter(r -> r.status() != 201).forEach(r -> assertThat(r.json().get("error").asText())
                .as(r.body()).isIn("conflict", "invalid_state"));
        assertThat(realm.keys().list(null, null, key.getName(), null, null)).hasSize(2);
    }

    private String token() {
        return server.admin().tokenManager().getAccessTokenString();
    }

    private static List<Http.Result> inParallel(int count, java.util.function.IntFunction<Http.Result> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Callable<Http.Result>> calls = IntStream.range(0, count)
                    .<Callable<Http.Result>>mapToObj(i -> () -> call.apply(i)).toList();
            List<Http.Result> results = new java.util.ArrayList<>();
            for (Future<Http.Result> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
