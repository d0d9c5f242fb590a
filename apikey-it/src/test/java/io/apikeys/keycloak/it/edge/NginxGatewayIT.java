package io.apikeys.keycloak.it.edge;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.it.harness.GatewayProcess;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.Jwks;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.RecordingBackend;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** nginx {@code auth_request} in front of an API, configured exactly as docs/gateways.md says, asking the check endpoint. */
@KeycloakIntegrationTest
final class NginxGatewayIT {

    private final String realmUrl;
    private final TestRealm realm;
    private final RecordingBackend backend = RecordingBackend.start();
    private final GatewayProcess nginx;
    private final String api;

    NginxGatewayIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        realmUrl = server.realmUrl(realm.name());
        nginx = Nginx.start(server.baseUrl(), realm.name(), backend.port());
        api = nginx.url() + "/api/orders/42";
    }

    @AfterAll
    void stop() {
        nginx.close();
        backend.close();
    }

    @Test
    void aValidKeyReachesTheBackendWithTheKeysIdentityButNotTheKey() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setScopes(List.of("orders:read")));

        Http.Result result = Http.request("GET", api, "X-API-Key", key.getKey());

        assertThat(result.status()).as(nginx.logs()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("backend");
        RecordingBackend.Request seen = backend.last();
        BackendView.showsTheKeysIdentityButNotTheKey(seen, key, realm);
        assertThat(seen.header("X-Scope")).isEqualTo("orders:read");
        assertThat(seen.header("X-API-Key")).isNull();
    }

    @Test
    void theBackendGetsAKeycloakJwtOfTheKeyAsBearerToken() throws Exception {
        ApiKeyRepresentation key = realm.createKey(r -> { });

        assertThat(Http.request("POST", api, "Authorization", "Bearer " + key.getKey()).status()).isEqualTo(200);

        String authorization = backend.last().header("Authorization");
        assertThat(authorization).as("the phantom token (?token=jwt, X-Access-Token)").startsWith("Bearer ey");
        String jwt = authorization.substring("Bearer ".length());
        assertThat(TestRealm.claims(jwt).get("api_key_id").asText()).isEqualTo(key.getId());
        assertThat(TestRealm.claims(jwt).get("azp").asText()).isEqualTo(TestRealm.SERVICE);
        assertThat(Jwks.signatureValid(realmUrl, jwt)).isTrue();
    }

    @Test
    void aPersonalKeyReachesTheBackendAsItsUser() throws Exception {
        realm.allowPersonalKeys("scripts");
        String user = realm.createUser("nginx-user");
        ApiKeyRepresentation key = realm.createPersonalKey(user, "scripts", r -> { });

        assertThat(Http.request("GET", api, "X-API-Key", key.getKey()).status()).as(nginx.logs()).isEqualTo(200);

        RecordingBackend.Request seen = backend.last();
        assertThat(seen.header("X-Subject")).isEqualTo(user);
        assertThat(seen.header("X-Username")).isEqualTo("nginx-user");
        assertThat(seen.header("X-Client-Id")).isEqualTo("scripts");
        assertThat(seen.header("X-Api-Key-Id")).isEqualTo(key.getId());
        assertThat(seen.header("X-API-Key")).isNull();
        String jwt = seen.header("Authorization").substring("Bearer ".length());
        assertThat(TestRealm.claims(jwt).get("sub").asText()).isEqualTo(user);
        assertThat(TestRealm.claims(jwt).get("preferred_username").asText()).isEqualTo("nginx-user");
        assertThat(Jwks.signatureValid(realmUrl, jwt)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "unknown", "malformed"})
    void aRefusedKeyIs401WithKeycloaksChallengeAndNeverReachesTheBackend(String kind) {
        int before = backend.requests().size();
        Http.Result result = switch (kind) {
            case "none" -> Http.request("GET", api);
            case "unknown" -> Http.request("GET", api, "X-API-Key", deletedKey());
            default -> Http.request("GET", api, "Authorization", "Bearer kcak_not-a-key");
        };

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"" + realm.name() + "\", error=\"invalid_token\"");
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(backend.requests()).hasSize(before);
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextRequest() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        assertThat(Http.request("GET", api, "X-API-Key", key.getKey()).status()).isEqualTo(200);

        realm.keys().revoke(key.getId());

        assertThat(Http.request("GET", api, "X-API-Key", key.getKey()).status()).isEqualTo(401);
    }

    @Test
    void aRateLimitedKeyGets429WithRetryAfterAtTheClient() {
        String key = realm.createKey(r -> r.setRateLimit(new RateLimitRepresentation(2, 60))).getKey();
        assertThat(Http.request("GET", api, "X-API-Key", key).status()).isEqualTo(200);
        assertThat(Http.request("GET", api, "X-API-Key", key).status()).isEqualTo(200);
        int before = backend.requests().size();

        Http.Result third = Http.request("GET", api, "X-API-Key", key);

        assertThat(third.status()).as("nginx would say 500 without the guide's error_page").isEqualTo(429);
        assertThat(Integer.parseInt(third.header("Retry-After"))).isBetween(1, 60);
        assertThat(third.header("RateLimit-Policy")).isEqualTo("\"api-key\";q=2;w=60");
        assertThat(third.header("RateLimit")).startsWith("\"api-key\";r=0;");
        assertThat(third.json().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(backend.requests()).hasSize(before);
    }

    @Test
    void keycloakSeesTheClientsAddressAsNginxSetsItNotAsTheClientClaims() {
        String local = realm.createKey(r -> r.setAllowedIps(List.of("127.0.0.1/32"))).getKey();
        String elsewhere = realm.createKey(r -> r.setAllowedIps(List.of("10.0.0.0/8"))).getKey();

        assertThat(Http.request("GET", api, "X-API-Key", local).status()).isEqualTo(200);
        assertThat(Http.request("GET", api, "X-API-Key", elsewhere, "X-Forwarded-For", "10.1.2.3").status())
                .isEqualTo(401);
    }

    private String deletedKey() {
        ApiKeyRepresentation deleted = realm.createKey(r -> { });
        realm.keys().delete(deleted.getId());
        return deleted.getKey();
    }
}
