package io.apikeys.keycloak.it.reliability;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** kill -9 in the middle of creating and using keys: every key whose create returned 201 is there and works. */
@KeycloakIntegrationTest
@StorageSensitive
final class CrashIT {

    private final TestServer server;

    CrashIT(TestServer server) {
        this.server = server;
    }

    @Test
    void noKeyLostOrHalfWrittenAfterACrash() throws Exception {
        // H2 (dev-file) writes committed data to disk asynchronously, so a kill -9 loses its last second of
        // commits whatever the application does; Keycloak does not support it in production. PostgreSQL and
        // MariaDB make a commit durable before Keycloak answers.
        assumeTrue(server.database() != TestDatabase.H2, "crash durability is checked on PostgreSQL and MariaDB");
        TestRealm realm = TestRealm.fromDemo(server);
        ApiKeyRepresentation used = realm.createKey(r -> r.setName("used-before-crash"));
        assertThat(realm.exchange(used.getKey()).status()).isEqualTo(200);
        assertThat(realm.awaitLastUse(used.getId())).as("the use before the crash is written").isNotNull();
        String token = server.admin().tokenManager().getAccessTokenString();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger cutOff = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int worker = 0; worker < 4; worker++) {
            int id = worker;
            load.submit(() -> {
                for (int i = 0; running.get() && i < 500; i++) {
                    try {
                        Http.Result created = Http.json("POST", realm.keysUrl(), token,
                                "{\"clientId\":\"demo-service\",\"name\":\"crash-" + id + "-" + i + "\"}");
                        if (created.status() == 201) {
                            String key = IssuedKeys.remember(created.json().get("key").asText());
                            acknowledged.put(created.json().get("id").asText(), key);
                            realm.exchange(key);
                        }
                    } catch (RuntimeException serverGone) {
                        cutOff.incrementAndGet();
                        return;
                    }
                }
            });
        }
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(60), () -> acknowledged.size() >= 20))
                .as("the load is writing keys").isTrue();

        server.crashAndRestart();
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(cutOff.get()).as("workers whose request the kill cut off").isEqualTo(4);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);
        List<ApiKeyRepresentation> stored = realm.keys().list(null, null, "crash-", 0, 1000);
        assertThat(stored).extracting(ApiKeyRepresentation::getId).containsAll(acknowledged.keySet());
        assertThat(stored).allSatisfy(key -> {
            assertThat(key.getStart()).startsWith("kcak_").hasSize(12);
            assertThat(key.getStatus()).isEqualTo("ACTIVE");
        });
        acknowledged.values().stream().limit(20).forEach(key -> assertThat(realm.exchange(key).status()).isEqualTo(200));
        assertThat(realm.keys().get(used.getId()).getLastUsedTimestamp())
                .as("a use flushed before the crash is kept").isNotNull();
    }
}
