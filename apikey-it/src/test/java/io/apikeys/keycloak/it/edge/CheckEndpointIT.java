package io.apikeys.keycloak.it.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.Jwks;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Forward authentication: a gateway asks {@code /realms/{realm}/api-keys/check} with the caller's key. */
@KeycloakIntegrationTest
final class CheckEndpointIT {

    private final TestServer server;
    private final TestRealm realm;
    private final String checkUrl;

    CheckEndpointIT(TestServer server) {
        this.server = server;
        realm = TestRealm.fromDemo(server);
        checkUrl = server.realmUrl(realm.name()) + "/api-keys/check";
        // Keycloak does not store introspection events by default; the check endpoint's refusals are such events.
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEnabledEventTypes(List.of("INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR"));
        realm.admin().updateRealmEventsConfig(events);
    }

    @Nested
    final class Accepted {

        private final ApiKeyRepresentation key = realm.createKey(r -> r.setScopes(List.of("orders:read", "orders:write")));

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"X-API-Key, ''", "Authorization, 'Bearer '", "Authorization, 'ApiKey '", "authorization, 'apikey '"})
        void eachHeaderFormGivesTheKeysIdentity(String header, String scheme) {
            Http.Result result = Http.request("GET", checkUrl, header, scheme + key.getKey());

            assertThat(result.status()).as(result.body()).isEqualTo(200);
            assertThat(result.body()).isEmpty();
            assertThat(result.header("X-Api-Key-Id")).isEqualTo(key.getId());
            assertThat(result.header("X-Client-Id")).isEqualTo(TestRealm.SERVICE);
            assertThat(result.header("X-Subject")).isEqualTo(realm.serviceAccountId());
            assertThat(result.header("X-Scope").split(" ")).containsExactlyInAnyOrder("orders:read", "orders:write");
            assertThat(result.header("Cache-Control")).isEqualTo("no-store");
        }

        @ParameterizedTest(name = "{0} check{1}")
        @CsvSource({"GET, ''", "HEAD, ''", "POST, ''", "PUT, ''", "PATCH, ''", "DELETE, ''", "GET, /v1/orders/42",
                "POST, /rotate", "POST, /revoke", "DELETE, /v1/orders/42/", "HEAD, /a", "OPTIONS, ''", "OPTIONS, /any/path"})
        void everyMethodAndSubPathIsChecked(String method, String subPath) {
            Http.Result result = Http.request(method, checkUrl + subPath, "X-API-Key", key.getKey());

            assertThat(result.status()).as(result.body()).isEqualTo(200);
            assertThat(result.header("X-Api-Key-Id")).isEqualTo(key.getId());
        }
    }

    @Nested
    final class Refused {

        private final Http.Result missingHeader = Http.request("GET", checkUrl);

        /** Envoy's ext_authz forwards the client's method: a key-less preflight must not pass. */
        @ParameterizedTest(name = "OPTIONS check{0} with {1}")
        @CsvSource({"'', none", "/any/path, none", "/any/path, junk"})
        void optionsIsCheckedLikeGet(String subPath, String presented) {
            Http.Result result = "none".equals(presented) ? Http.request("OPTIONS", checkUrl + subPath)
                    : Http.request("OPTIONS", checkUrl + subPath, "X-API-Key", "kcak_junk");

            assertThat(result.status()).isEqualTo(401);
            assertThat(result.body()).isEqualTo(missingHeader.body());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"malformed, malformed_key", "unknown, unknown_key", "revoked, revoked_key",
                "expired, expired_key", "ip_refused, ip_not_allowed"})
        void everyRefusalLooksTheSameAndTheEventSaysWhy(String kind, String reason) {
            String presented = switch (kind) {
                case "malformed" -> "kcak_not-a-key";
                case "unknown" -> unknownKey();
                case "revoked" -> revoked();
                case "expired" -> expired();
                default -> realm.createKey(r -> r.setAllowedIps(List.of("10.0.0.0/8"))).getKey();
            };

            long sent = System.currentTimeMillis();
            Http.Result result = Http.request("POST", checkUrl + "/orders", "Authorization", "Bearer " + presented);

            assertThat(result.status()).isEqualTo(401);
            assertThat(result.header("WWW-Authenticate"))
                    .isEqualTo("Bearer realm=\"" + realm.name() + "\", error=\"invalid_token\"")
                    .isEqualTo(missingHeader.header("WWW-Authenticate"));
            assertThat(result.header("Content-Type")).startsWith("application/json");
            assertThat(result.json().toString()).isEqualTo("{\"error\":\"invalid_token\"}");
            assertThat(result.body()).isEqualTo(missingHeader.body());
            assertThat(missingHeader.status()).isEqualTo(401);
            assertThat(Events.await(realm, Events.since(sent).and(Events.withDetail("reason", reason))).getType())
                    .isEqualTo("INTROSPECT_TOKEN_ERROR");
        }

        private String unknownKey() {
            ApiKeyRepresentation deleted = realm.createKey(r -> { });
            realm.keys().delete(deleted.getId());
            return deleted.getKey();
        }

        private String revoked() {
            ApiKeyRepresentation key = realm.createKey(r -> { });
            realm.keys().revoke(key.getId());
            return key.getKey();
        }

        private String expired() {
            String key = realm.createKey(r -> r.setExpiresTimestamp(System.currentTimeMillis() + 3_000)).getKey();
            assertThat(Http.request("GET", checkUrl, "X-API-Key", key).status()).isEqualTo(200);
            assertThat(Poll.isTrueWithin(Duration.ofSeconds(15),
                    () -> Http.request("GET", checkUrl, "X-API-Key", key).status() == 401)).isTrue();
            return key;
        }
    }

    @Nested
    final class PhantomToken {

        private final ApiKeyRepresentation key = realm.createKey(r -> {
            r.setScopes(List.of("orders:read"));
            r.setTokenLifespanSeconds(120);
        });

        @Test
        void theBackendGetsTheJwtTheExchangeWouldMint() throws Exception {
            Http.Result result = Http.request("GET", checkUrl + "/v1/orders?token=jwt", "X-API-Key", key.getKey());

            assertThat(result.status()).as(result.body()).isEqualTo(200);
            String jwt = result.header("X-Access-Token");
            assertThat(Jwks.signatureValid(server.realmUrl(realm.name()), jwt)).isTrue();
            JsonNode claims = TestRealm.claims(jwt);
            assertThat(claims.get("iss").asText()).isEqualTo(server.realmUrl(realm.name()));
            assertThat(claims.get("azp").asText()).isEqualTo(TestRealm.SERVICE);
            assertThat(claims.get("sub").asText()).isEqualTo(realm.serviceAccountId());
            assertThat(claims.get("api_key_id").asText()).isEqualTo(key.getId());
            assertThat(claims.get("scope").asText()).contains("orders:read");
            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(120);
            assertThat(result.header("X-Api-Key-Id")).isEqualTo(key.getId());
        }

        @Test
        void aKeyWithRolesGivesATokenWithOnlyThoseRoles() {
            realm.createRealmRole("orders-admin");
            realm.grantServiceAccount("orders-admin");
            String restricted = realm.createKey(r -> r.setRoles(List.of("orders-reader"))).getKey();

            String jwt = Http.request("GET", checkUrl + "?token=jwt", "X-API-Key", restricted).header("X-Access-Token");

            assertThat(TestRealm.claims(jwt).path("realm_access").path("roles").toString()).isEqualTo("[\"orders-reader\"]");
        }

        @Test
        void theSameTokenIsReusedUntilTheKeyIsRevoked() {
            String first = Http.request("GET", checkUrl + "?token=jwt", "X-API-Key", key.getKey()).header("X-Access-Token");
            Http.Result second = Http.request("POST", checkUrl + "/x?token=jwt", "Authorization", "Bearer " + key.getKey());
            assertThat(second.header("X-Access-Token")).isNotNull().isEqualTo(first);
            assertThat(Http.request("GET", checkUrl, "X-API-Key", key.getKey()).header("X-Access-Token")).isNull();

            realm.keys().revoke(key.getId());
            Http.Result afterRevocation = Http.request("GET", checkUrl + "?token=jwt", "X-API-Key", key.getKey());

            assertThat(afterRevocation.status()).isEqualTo(401);
            assertThat(afterRevocation.header("X-Access-Token")).isNull();
        }

        @Test
        void anUpdatedKeyGetsANewToken() {
            String first = Http.request("GET", checkUrl + "?token=jwt", "X-API-Key", key.getKey()).header("X-Access-Token");
            ApiKeyRepresentation update = new ApiKeyRepresentation();
            update.setScopes(List.of("orders:read", "orders:write"));
            realm.keys().update(key.getId(), update);

            String second = Http.request("GET", checkUrl + "?token=jwt", "X-API-Key", key.getKey()).header("X-Access-Token");

            assertThat(second).isNotEqualTo(first);
            assertThat(TestRealm.claims(second).get("scope").asText()).contains("orders:write");
        }

        @Test
        void anythingButJwtIsABadRequest() {
            Http.Result result = Http.request("GET", checkUrl + "?token=opaque", "X-API-Key", key.getKey());

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void theThirdCallWithinTheWindowIsRateLimited() {
        String key = realm.createKey(r -> r.setRateLimit(new RateLimitRepresentation(2, 60))).getKey();

        assertThat(Http.request("GET", checkUrl, "X-API-Key", key).status()).isEqualTo(200);
        assertThat(Http.request("GET", checkUrl, "X-API-Key", key).status()).isEqualTo(200);
        Http.Result third = Http.request("GET", checkUrl, "X-API-Key", key);

        assertThat(third.status()).isEqualTo(429);
        assertThat(Integer.parseInt(third.header("Retry-After"))).isBetween(1, 60);
        assertThat(third.header("RateLimit-Policy")).isEqualTo("\"api-key\";q=2;w=60");
        assertThat(third.header("RateLimit")).startsWith("\"api-key\";r=0;");
    }

    @ParameterizedTest(name = "client id {1}")
    @CsvSource({"bücher-service, b%C3%BCcher-service", "'evil\\r\\nX-Injected: 1', evil%0D%0AX-Injected:%201"})
    void aClientIdOutsideVisibleAsciiIsPercentEncoded(String clientId, String header) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId.replace("\\r\\n", "\r\n"));
        client.setServiceAccountsEnabled(true);
        client.setPublicClient(false);
        client.setClientAuthenticatorType("client-api-key");
        realm.admin().clients().create(client).close();
        String key = realm.createKey(r -> r.setClientId(client.getClientId())).getKey();

        Http.Result result = Http.request("GET", checkUrl, "X-API-Key", key);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.header("X-Client-Id")).isEqualTo(header);
        assertThat(result.header("X-Injected")).isNull();
    }
}
