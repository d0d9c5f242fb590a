package io.apikeys.keycloak.it.reliability;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKeyFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Garbage, oversized and malicious input gets the documented answer, never a 500, and the server stays healthy. */
@KeycloakIntegrationTest
final class HostileInputIT {

    private static final String UNIFORM =
            "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}";

    private final TestServer server;
    private final TestRealm realm;

    HostileInputIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    static Stream<String> hostileKeys() {
        String valid = ApiKeyFormat.generate("kcak").reveal();
        return Stream.of("", " ", "a".repeat(2000), "kcak_\u0000" + "A".repeat(37), "kcak_" + "é".repeat(38),
                "kcak_\u202e" + "A".repeat(37), "\r\nSet-Cookie: x=y", "' OR '1'='1' --", "kcak_' OR 1=1; DROP TABLE API_KEY; --",
                "{\"active\":true}", "\"},{\"active\":true", ApiKeyFormat.generate("abcd").reveal(), valid,
                valid.substring(0, 42), valid + "A", valid.toUpperCase(), "%00" + valid);
    }

    @ParameterizedTest
    @MethodSource("hostileKeys")
    void hostileKeysAreRefusedUniformly(String key) {
        Http.Result exchange = realm.exchange(key);
        Http.Result introspection = realm.introspect(key, TestRealm.API_KEY_HINT);
        Http.Result asSecret = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .param("client_id", TestRealm.SERVICE).param("client_secret", key).post();

        assertThat(exchange.status()).isEqualTo(401);
        assertThat(exchange.json().toString()).isEqualTo(UNIFORM);
        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json().toString()).isEqualTo("{\"active\":false}");
        assertThat(asSecret.status()).isEqualTo(401);
        if (key.length() > 3) {
            assertThat(exchange.body() + introspection.body() + asSecret.body()).doesNotContain(key);
        }
    }

    @Test
    void aRevokedKeyWithItsLastCharacterChangedIsNotFound() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        realm.keys().revoke(key.getId());
        String changed = key.getKey().substring(0, 42) + (key.getKey().endsWith("z") ? "y" : "z");

        assertThat(realm.exchange(changed).status()).isEqualTo(401);
        assertThat(realm.introspect(changed, TestRealm.API_KEY_HINT).json().get("active").asBoolean()).isFalse();
    }

    @Test
    void hugeHeadersAndUnknownRealmsAreNotServerErrors() {
        int before = realm.keys().list(null, null, null, null, null).size();
        Http.Result hugeBasic = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .header("Authorization", "Basic " + "A".repeat(20_000)).post();
        Http.Result unknownRealm = Http.json("POST", server.adminUrl("no-such-realm") + "/api-keys",
                server.admin().tokenManager().getAccessTokenString(), "{\"clientId\":\"x\",\"name\":\"y\"}");

        Http.Result megabyteKey = realm.exchange("kcak_" + "A".repeat(1_000_000));

        assertThat(hugeBasic.status()).isBetween(400, 499);
        assertThat(megabyteKey.status()).as("over the form size limit").isBetween(400, 499);
        assertThat(unknownRealm.status()).isEqualTo(404);
        assertThat(realm.keys().list(null, null, null, null, null)).hasSize(before);
    }

    @AfterEach
    void serverStaysHealthy() {
        assertThat(Http.get(server.realmUrl(realm.name()), null).status()).isEqualTo(200);
    }
}
