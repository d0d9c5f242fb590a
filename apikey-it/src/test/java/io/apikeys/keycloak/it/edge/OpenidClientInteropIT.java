package io.apikeys.keycloak.it.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript side: openid-client and jose from npm (versions pinned in {@code src/test/node/package-lock.json})
 * exchange a key, use it as client secret, and introspect it with openid-client's helper, which sends no hint.
 */
@KeycloakIntegrationTest
final class OpenidClientInteropIT {

    private static final Path MODULE = Path.of(System.getProperty("project.root"), "apikey-it");
    private static final Path SOURCES = MODULE.resolve("src/test/node");
    private static final Path WORK = MODULE.resolve("target/node-clients");

    private final TestServer server;
    private final TestRealm realm;

    OpenidClientInteropIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void theLibrariesGetTokensAndAnActiveKeyWithoutAHint() throws Exception {
        ApiKeyRepresentation key = realm.createKey(r -> r.setScopes(List.of("orders:read")));

        JsonNode result = run(key.getKey());

        JsonNode exchanged = result.get("exchange");
        assertThat(exchanged.path("error").isMissingNode()).as(exchanged.toString()).isTrue();
        assertThat(exchanged.get("refresh").isNull()).isTrue();
        assertThat(exchanged.at("/claims/api_key_id").asText()).isEqualTo(key.getId());
        assertThat(exchanged.at("/claims/scope").asText()).contains("orders:read");
        assertThat(exchanged.at("/claims/typ").asText()).as("verified by jose although Keycloak's endpoints refuse it")
                .isEqualTo("ApiKey-Restricted");
        assertThat(result.at("/credentials/claims/api_key_id").asText()).as(result.toString()).isEqualTo(key.getId());
        JsonNode introspection = result.get("introspection");
        assertThat(introspection.get("active").asBoolean()).as(introspection.toString()).isTrue();
        assertThat(introspection.get("api_key_id").asText()).isEqualTo(key.getId());
        assertThat(introspection.get("client_id").asText()).isEqualTo(TestRealm.SERVICE);
    }

    @Test
    void aRevokedKeyGetsNothing() throws Exception {
        ApiKeyRepresentation key = realm.createKey(r -> r.setScopes(List.of("orders:read")));
        realm.keys().revoke(key.getId());

        JsonNode result = run(key.getKey());

        assertThat(result.at("/exchange/error").asText()).isEqualTo("invalid_client");
        assertThat(result.at("/credentials/error").asText()).isEqualTo("invalid_client");
        assertThat(result.at("/introspection/active").asBoolean()).isFalse();
    }

    private JsonNode run(String key) throws Exception {
        installLibraries();
        Process node = new ProcessBuilder("node", "clients.mjs", server.realmUrl(realm.name()), key, TestRealm.SERVICE,
                TestRealm.GATEWAY, TestRealm.GATEWAY_SECRET).directory(WORK.toFile()).redirectErrorStream(true).start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(node.exitValue()).as(output).isZero();
        return Http.JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
    }

    /** {@code npm ci} into target/ once per build, from the lock file (the npm registry, no other download). */
    private static synchronized void installLibraries() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "clients.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(WORK.resolve("node_modules/openid-client"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                .redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0)
                .as("npm ci (Node.js and npm are needed for this test): %s", output).isTrue();
    }
}
