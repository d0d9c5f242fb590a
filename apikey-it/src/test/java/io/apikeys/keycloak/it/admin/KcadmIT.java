package io.apikeys.keycloak.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Admins manage keys with the kcadm.sh of the distribution under test, like any other admin resource. */
@KeycloakIntegrationTest
final class KcadmIT {

    private final TestServer server;
    private final TestRealm realm;
    private final Path config;

    KcadmIT(TestServer server, @TempDir Path config) {
        this.server = server;
        this.config = config;
        this.realm = TestRealm.fromDemo(server);
    }

    /** One kcadm.sh login per class: each call is a JVM of its own. */
    @BeforeAll
    void login() throws Exception {
        kcadm("config", "credentials", "--server", server.baseUrl(), "--realm", "master",
                "--user", TestServer.ADMIN, "--password", TestServer.ADMIN_PASSWORD);
    }

    @Test
    void lifecycleThroughKcadm() throws Exception {
        String id = kcadm("create", "api-keys", "-r", realm.name(),
                "-s", "clientId=demo-service", "-s", "name=ci", "-s", "scopes=[\"orders:read\"]", "-i").trim();
        assertThat(id).matches("[0-9a-f-]{36}");

        assertThat(kcadm("get", "api-keys", "-r", realm.name(), "-q", "clientId=demo-service")).contains(id);
        kcadm("update", "api-keys/" + id, "-r", realm.name(), "-s", "name=ci-renamed",
                "-s", "quota.requests=1000", "-s", "quota.period=DAY");
        JsonNode read = Http.JSON.readTree(kcadm("get", "api-keys/" + id, "-r", realm.name()));
        assertThat(read.get("name").asText()).isEqualTo("ci-renamed");
        assertThat(read.get("quota").toString()).isEqualTo("{\"requests\":1000,\"period\":\"DAY\"}");
        assertThat(read.get("scopes").toString()).isEqualTo("[\"orders:read\"]");
        assertThat(read.has("key")).isFalse();

        JsonNode rotated = Http.JSON.readTree(kcadm("create", "api-keys/" + id + "/rotate", "-r", realm.name(),
                "-s", "gracePeriodSeconds=60", "-o"));
        String key = IssuedKeys.remember(rotated.get("key").asText());
        assertThat(rotated.get("rotatedFromId").asText()).isEqualTo(id);
        assertThat(realm.exchange(key, "scope", "orders:read").status()).isEqualTo(200);

        kcadm("create", "api-keys/" + id + "/revoke", "-r", realm.name());
        assertThat(Http.JSON.readTree(kcadm("get", "api-keys/" + id, "-r", realm.name())).get("status").asText())
                .isEqualTo("REVOKED");
        kcadm("delete", "api-keys/" + id, "-r", realm.name());
        assertThat(Http.JSON.readTree(kcadm("get", "api-keys", "-r", realm.name())).findValuesAsText("id"))
                .doesNotContain(id).contains(rotated.get("id").asText());
    }

    /** kcadm.sh update reads the key and writes back what it read: a key without its own lifespan keeps none. */
    @Test
    void updateKeepsFollowingTheRealmDefaultTokenLifespan() throws Exception {
        ApiKeyRepresentation created = realm.createKey(r -> { });
        assertThat(created.getTokenLifespanSeconds()).isNull();

        kcadm("update", "api-keys/" + created.getId(), "-r", realm.name(), "-s", "description=x");
        JsonNode read = Http.JSON.readTree(kcadm("get", "api-keys/" + created.getId(), "-r", realm.name()));
        assertThat(read.get("description").asText()).isEqualTo("x");
        assertThat(read.has("tokenLifespanSeconds")).as("no lifespan of its own: %s", read).isFalse();

        kcadm("update", "api-keys/settings", "-r", realm.name(), "-s", "defaultTokenLifespanSeconds=120");
        JsonNode token = realm.exchange(created.getKey()).json();
        JsonNode claims = TestRealm.claims(token.get("access_token").asText());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(120);
        assertThat(token.get("expires_in").asInt()).isBetween(115, 120);
    }

    /** The lifecycle fields of issue 25 as an admin sets them from the command line. */
    @Test
    void contactsAndLifecycleSettingsThroughKcadm() throws Exception {
        ApiKeyRepresentation created = realm.createKey(r -> { });

        kcadm("update", "api-keys/" + created.getId(), "-r", realm.name(), "-s", "contacts=[\"ops@example.test\"]",
                "-s", "selfRotation=true");
        kcadm("update", "api-keys/settings", "-r", realm.name(), "-s", "expiryNoticeDays=[14,3]",
                "-s", "disableUnusedAfterDays=90");

        JsonNode key = Http.JSON.readTree(kcadm("get", "api-keys/" + created.getId(), "-r", realm.name()));
        assertThat(key.get("contacts").toString()).isEqualTo("[\"ops@example.test\"]");
        assertThat(key.get("selfRotation").asBoolean()).isTrue();
        JsonNode settings = Http.JSON.readTree(kcadm("get", "api-keys/settings", "-r", realm.name()));
        assertThat(settings.get("expiryNoticeDays").toString()).isEqualTo("[14,3]");
        assertThat(settings.get("disableUnusedAfterDays").asInt()).isEqualTo(90);
    }

    @Test
    void usageThroughKcadm() throws Exception {
        String client = realm.createServiceClient();
        ApiKeyRepresentation created = realm.createKey(r -> r.setClientId(client));
        assertThat(realm.exchange(created.getKey()).status()).isEqualTo(200);
        realm.awaitUsage(created.getId(), 1, 0);

        JsonNode usage = Http.JSON.readTree(kcadm("get", "api-keys/" + created.getId() + "/usage", "-r", realm.name(),
                "-q", "granularity=day"));
        assertThat(usage.get("keyId").asText()).isEqualTo(created.getId());
        assertThat(usage.get("granularity").asText()).isEqualTo("day");
        assertThat(usage.get("buckets").findValuesAsText("accepted")).contains("1");
        JsonNode export = Http.JSON.readTree(kcadm("get", "api-keys/usage", "-r", realm.name(), "-q", "clientId=" + client));
        assertThat(export.findValuesAsText("keyId")).containsExactly(created.getId());
    }

    private String kcadm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(server.distribution().resolve("bin/kcadm.sh").toString());
        command.addAll(List.of(args));
        command.add("--config");
        command.add(config.resolve("kcadm.config").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kcadm %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
