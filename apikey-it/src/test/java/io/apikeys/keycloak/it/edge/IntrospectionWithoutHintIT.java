package io.apikeys.keycloak.it.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7662 section 2.1: a gateway that sends no hint, or Keycloak's usual ones, still gets a key's answer. */
@KeycloakIntegrationTest
final class IntrospectionWithoutHintIT {

    private final TestRealm realm;

    IntrospectionWithoutHintIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
    }

    @ParameterizedTest(name = "hint {0}")
    @NullSource
    @ValueSource(strings = {"access_token", "refresh_token"})
    void aKeyIsRecognisedByItsShapeWhateverTheHint(String hint) {
        ApiKeyRepresentation key = realm.createKey(r -> { });

        JsonNode answer = realm.introspect(key.getKey(), hint).json();

        assertThat(answer).isEqualTo(realm.introspect(key.getKey(), TestRealm.API_KEY_HINT).json());
        assertThat(answer.get("active").asBoolean()).isTrue();
        assertThat(answer.get("token_type").asText()).isEqualTo("api_key");
        assertThat(answer.get("api_key_id").asText()).isEqualTo(key.getId());
    }

    @Test
    void aRevokedKeyIsInactiveWithoutAHint() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        realm.keys().revoke(key.getId());

        assertThat(realm.introspect(key.getKey(), null).json().toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void anOrdinaryAccessTokenGetsKeycloaksOwnAnswer() {
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("gateway-audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", TestRealm.GATEWAY, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        realm.admin().clients().get(realm.client(TestRealm.SERVICE).getId()).getProtocolMappers()
                .createMapper(audience).close();
        String token = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET).post().json().get("access_token").asText();

        JsonNode answer = realm.introspect(token, null).json();

        assertThat(answer.get("active").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.has("api_key_id")).isFalse();
        assertThat(answer.path("realm_access").path("roles").toString()).contains("orders-reader", "default-roles-");
        assertThat(answer.get("client_id").asText()).isEqualTo(TestRealm.SERVICE);
    }

    /** mod_auth_openidc configured for keys sends {@code api_key} with whatever it got, a key's JWT included. */
    @Test
    void aKeysJwtSentAsAnApiKeyGetsTheTokensAnswer() {
        ApiKeyRepresentation key = realm.createKey(r -> {
            r.setRoles(java.util.List.of("orders-reader"));
            r.setAudiences(java.util.List.of(TestRealm.GATEWAY));
        });
        String token = realm.exchange(key.getKey()).json().get("access_token").asText();

        JsonNode answer = realm.introspect(token, TestRealm.API_KEY_HINT).json();

        assertThat(answer).isEqualTo(realm.introspect(token, null).json());
        assertThat(answer.get("active").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("api_key_id").asText()).isEqualTo(key.getId());
        assertThat(answer.path("realm_access").path("roles").toString()).isEqualTo("[\"orders-reader\"]");
    }

    @Test
    void aKeyWithAudiencesIsActiveOnlyForAClientItNames() {
        ApiKeyRepresentation forGateway = realm.createKey(r -> r.setAudiences(java.util.List.of(TestRealm.GATEWAY)));
        ApiKeyRepresentation forOthers = realm.createKey(r -> r.setAudiences(java.util.List.of(TestRealm.SERVICE)));

        assertThat(realm.introspect(forGateway.getKey(), null).json().get("active").asBoolean()).isTrue();
        assertThat(realm.introspect(forOthers.getKey(), null).json().toString()).isEqualTo("{\"active\":false}");
        assertThat(realm.introspect(forOthers.getKey(), TestRealm.API_KEY_HINT).json().toString())
                .isEqualTo("{\"active\":false}");
    }
}
