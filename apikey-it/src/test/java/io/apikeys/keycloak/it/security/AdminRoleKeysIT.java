package io.apikeys.keycloak.it.security;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's admin API authorises from the service account's role mappings, which no token can narrow. So a
 * restricted key of a service account that holds admin roles must list them, or it is refused.
 */
@KeycloakIntegrationTest
final class AdminRoleKeysIT {

    private static final String RESTRICTED = """
            {"clientId": "demo-service", "name": "reader", "roles": ["orders-reader"], "audiences": ["demo-gateway"],
             "allowedIps": ["127.0.0.1"], "expiresTimestamp": %d, "rateLimit": {"requests": 100, "windowSeconds": 60}}""";

    private final TestServer server;
    private final TestRealm realm;

    AdminRoleKeysIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
        realm.grantServiceAccount("realm-management/manage-clients", "realm-management/view-users");
    }

    @Test
    void aRestrictedKeyThatHidesAdminRolesIsRefused() {
        Http.Result created = Http.json("POST", realm.keysUrl(), realm.adminToken(),
                RESTRICTED.formatted(System.currentTimeMillis() + 86_400_000L));

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.json().get("error").asText()).isEqualTo("restrictions_not_enforceable");
        assertThat(created.json().get("error_description").asText()).contains("realm-management/manage-clients");
    }

    @Test
    void scopesAndAudiencesAreRestrictionsToo() {
        for (String body : List.of("{\"clientId\": \"demo-service\", \"name\": \"s\", \"scopes\": [\"orders:read\"]}",
                "{\"clientId\": \"demo-service\", \"name\": \"a\", \"audiences\": [\"demo-gateway\"]}")) {
            Http.Result created = Http.json("POST", realm.keysUrl(), realm.adminToken(), body);
            assertThat(created.status()).as(body).isEqualTo(400);
            assertThat(created.json().get("error").asText()).isEqualTo("restrictions_not_enforceable");
        }
    }

    @Test
    void aKeyThatListsTheAdminRolesWorksAndCarriesThemButKeycloaksAdminApiRefusesItsToken() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setRoles(List.of("orders-reader",
                "realm-management/manage-clients", "realm-management/view-users")));

        String token = realm.exchange(key.getKey()).json().get("access_token").asText();

        assertThat(TestRealm.claims(token).path("resource_access").path("realm-management").path("roles").toString())
                .contains("manage-clients", "view-users");
        assertThat(TestRealm.claims(token).get("typ").asText()).isEqualTo("ApiKey-Restricted");
        assertThat(Http.get(server.adminUrl(realm.name()) + "/users", token).status()).isEqualTo(401);
    }

    @Test
    void anUnrestrictedKeysTokenIsAnOrdinaryBearerTokenForTheAdminApi() {
        String token = realm.exchange(realm.createKey()).json().get("access_token").asText();

        assertThat(TestRealm.claims(token).get("typ").asText()).isEqualTo("Bearer");
        assertThat(Http.get(server.adminUrl(realm.name()) + "/users", token).status()).isEqualTo(200);
    }

    @Test
    void anUnrestrictedKeyWorksAndWarnsThatItCanUseTheAdminApi() {
        ApiKeyRepresentation key = realm.createKey(r -> { });

        assertThat(key.getWarnings()).anySatisfy(warning -> assertThat(warning).contains("admin API"));
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
    }

    @Test
    void adminRolesThroughAGroupOrACompositeCount() {
        TestRealm other = TestRealm.fromDemo(server);
        GroupRepresentation group = new GroupRepresentation();
        group.setName("auditors");
        other.admin().groups().add(group).close();
        String groupId = other.admin().groups().groups().get(0).getId();
        String management = other.client("realm-management").getId();
        other.admin().groups().group(groupId).roles().clientLevel(management)
                .add(List.of(other.admin().clients().get(management).roles().get("view-events").toRepresentation()));
        other.admin().users().get(other.serviceAccountId()).joinGroup(groupId);

        Http.Result viaGroup = Http.json("POST", other.keysUrl(), other.adminToken(),
                "{\"clientId\": \"demo-service\", \"name\": \"g\", \"roles\": [\"orders-reader\"]}");
        assertThat(viaGroup.status()).as(viaGroup.body()).isEqualTo(400);
        assertThat(viaGroup.json().get("error").asText()).isEqualTo("restrictions_not_enforceable");
        other.delete();
    }

    @Test
    void aKeyWhoseServiceAccountGainsAnAdminRoleLaterIsRefusedAtUse() {
        TestRealm other = TestRealm.fromDemo(server);
        other.createRealmRole("ops");
        RoleRepresentation queryUsers = other.admin().clients().get(other.client("realm-management").getId())
                .roles().get("query-users").toRepresentation();
        other.admin().roles().get("ops").addComposites(List.of(queryUsers));
        String key = other.createKey(r -> r.setRoles(List.of("orders-reader"))).getKey();
        assertThat(other.exchange(key).status()).isEqualTo(200);

        other.grantServiceAccount("ops");

        Http.Result refused = other.exchange(key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(Events.await(other, Events.withDetail("reason", "restrictions_not_enforceable"))).isNotNull();
        other.delete();
    }
}
