package io.apikeys.keycloak.it.edge;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.GatewayProcess;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.RecordingBackend;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache mod_auth_openidc as a plain RFC 7662 client (it sends no {@code token_type_hint}) in front of an API,
 * configured exactly as docs/gateways.md says, introspecting keys at the test Keycloak.
 */
@KeycloakIntegrationTest
final class ApacheIntrospectionGatewayIT {

    private final TestRealm realm;
    private final RecordingBackend backend = RecordingBackend.start();
    private final GatewayProcess apache;
    private final String api;

    ApacheIntrospectionGatewayIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        apache = ApacheHttpd.start(server.baseUrl(), realm.name(), backend.port());
        api = apache.url() + "/api/orders/42";
    }

    @AfterAll
    void stop() {
        apache.close();
        backend.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Authorization, 'Bearer '", "X-API-Key, ''"})
    void aValidKeyReachesTheBackendWithTheKeysIdentityButNotTheKey(String header, String scheme) {
        ApiKeyRepresentation key = realm.createKey(r -> { });

        Http.Result result = Http.request("GET", api, header, scheme + key.getKey());

        assertThat(result.status()).as(apache.logs()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("backend");
        RecordingBackend.Request seen = backend.last();
        BackendView.showsTheKeysIdentityButNotTheKey(seen, key, realm);
        assertThat(seen.header("Authorization")).isNull();
    }

    @Test
    void anExpiringKeyThatIsRevokedIsRefusedOnTheNextRequest() {
        // A key with an expiry introspects with that "exp"; mod_auth_openidc would cache the answer until then.
        long inAnHour = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        ApiKeyRepresentation key = realm.createKey(r -> r.setExpiresTimestamp(inAnHour));
        assertThat(Http.request("GET", api, "Authorization", "Bearer " + key.getKey()).status()).isEqualTo(200);
        assertThat(Http.request("GET", api, "Authorization", "Bearer " + key.getKey()).status()).isEqualTo(200);

        realm.keys().revoke(key.getId());

        Http.Result result = Http.request("GET", api, "Authorization", "Bearer " + key.getKey());
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
    }

    @Test
    void anUnknownKeyIs401AndNeverReachesTheBackend() {
        ApiKeyRepresentation deleted = realm.createKey(r -> { });
        realm.keys().delete(deleted.getId());
        int before = backend.requests().size();

        Http.Result result = Http.request("GET", api, "Authorization", "Bearer " + deleted.getKey());

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(backend.requests()).hasSize(before);
    }

    @Test
    void aJwtMintedFromAKeyPassesTooWhenTheGatewayIsInItsAudience() {
        // Keycloak's own introspection answers a JWT only for a caller in the token's audience.
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("gateway-audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", TestRealm.GATEWAY, "access.token.claim", "true"));
        realm.admin().clients().get(realm.client(TestRealm.SERVICE).getId()).getProtocolMappers()
                .createMapper(audience).close();
        ApiKeyRepresentation key = realm.createKey(r -> { });
        String jwt = realm.exchange(key.getKey()).json().get("access_token").asText();

        assertThat(Http.request("GET", api, "Authorization", "Bearer " + jwt).status()).isEqualTo(200);
        assertThat(backend.last().header("X-Api-Key-Id")).isEqualTo(key.getId());
    }
}
