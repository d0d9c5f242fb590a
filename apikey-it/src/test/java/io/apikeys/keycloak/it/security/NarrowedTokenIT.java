package io.apikeys.keycloak.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What Keycloak itself says about a token minted from a key: only the key's roles, audiences and lifetime. */
@KeycloakIntegrationTest
final class NarrowedTokenIT {

    private final TestRealm realm;

    NarrowedTokenIT(TestServer server) {
        this.realm = TestRealm.fromDemo(server);
        realm.createRealmRole("orders-admin");
        realm.grantServiceAccount("orders-admin");
        String serviceUuid = realm.client(TestRealm.SERVICE).getId();
        String microprofile = realm.admin().clientScopes().findAll().stream()
                .filter(scope -> "microprofile-jwt".equals(scope.getName()))
                .map(ClientScopeRepresentation::getId).findFirst().orElseThrow();
        realm.admin().clients().get(serviceUuid).addOptionalClientScope(microprofile);
    }

    @Test
    void introspectionOfTheJwtShowsOnlyTheKeysRolesAndItsId() {
        ApiKeyRepresentation key = realm.createKey(r -> {
            r.setRoles(List.of("orders-reader", "demo-service/read"));
            r.setAudiences(List.of(TestRealm.GATEWAY));
        });
        String token = realm.exchange(key.getKey()).json().get("access_token").asText();

        JsonNode introspected = realm.introspect(token, "access_token").json();

        assertThat(introspected.get("active").asBoolean()).as(introspected.toString()).isTrue();
        assertThat(introspected.path("realm_access").path("roles").toString()).isEqualTo("[\"orders-reader\"]");
        assertThat(introspected.path("resource_access").toString())
                .as("the service account also holds account roles: only the key's client role is left")
                .isEqualTo("{\"demo-service\":{\"roles\":[\"read\"]}}");
        assertThat(introspected.get("api_key_id").asText()).isEqualTo(key.getId());
    }

    @Test
    void microprofileGroupsHoldOnlyTheKeysRoles() {
        String key = realm.createKey(r -> r.setRoles(List.of("orders-reader"))).getKey();

        Http.Result minted = realm.exchange(key, "scope", "microprofile-jwt");

        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        JsonNode claims = TestRealm.claims(minted.json().get("access_token").asText());
        assertThat(claims.path("groups").toString()).isEqualTo("[\"orders-reader\"]");
        assertThat(claims.path("realm_access").path("roles").toString()).isEqualTo("[\"orders-reader\"]");
    }

    @Test
    void userinfoCannotBeReachedWithTheTokenOfARoleRestrictedKey() {
        String key = realm.createKey(r -> r.setRoles(List.of("orders-reader"))).getKey();

        Http.Result minted = realm.exchange(key, "scope", "openid microprofile-jwt");

        assertThat(minted.status()).isEqualTo(400);
        assertThat(minted.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void withoutAudiencesOnlyAnAudienceTheTokenCarriesAnywayIsAccepted() {
        String key = realm.createKey();

        Http.Result refused = realm.exchange(key, "audience", "realm-management");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_target");

        Http.Result accepted = realm.exchange(key, "audience", "account");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(TestRealm.claims(accepted.json().get("access_token").asText()).get("aud").toString()).contains("account");
    }

    @Test
    void aTokenNeverOutlivesTheClientsTokenLifespanOrTheKey() {
        String client = realm.createServiceClient();
        ClientRepresentation shortLived = realm.client(client);
        shortLived.setAttributes(java.util.Map.of("access.token.lifespan", "60"));
        realm.admin().clients().get(shortLived.getId()).update(shortLived);

        JsonNode claims = TestRealm.claims(realm.exchange(realm.createKey(r -> r.setClientId(client)).getKey())
                .json().get("access_token").asText());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).as("Keycloak's 60 s, not the key's 300 s")
                .isEqualTo(60);

        long expires = System.currentTimeMillis() + 20_000;
        String expiring = realm.createKey(r -> {
            r.setClientId(client);
            r.setExpiresTimestamp(expires);
        }).getKey();
        JsonNode expiringClaims = TestRealm.claims(realm.exchange(expiring).json().get("access_token").asText());
        assertThat(expiringClaims.get("exp").asLong()).as("the key's own expiry").isEqualTo(expires / 1000);
    }
}
