package io.apikeys.keycloak.it.security;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.AuthorizationResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.authorization.ResourcePermissionRepresentation;
import org.keycloak.representations.idm.authorization.ResourceRepresentation;
import org.keycloak.representations.idm.authorization.RolePolicyRepresentation;
import org.keycloak.representations.idm.authorization.ScopePermissionRepresentation;
import org.keycloak.representations.idm.authorization.UserPolicyRepresentation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacker's side of the inventory in docs/security.md: a key restricted to {@code orders-reader}, of a service
 * account that also holds {@code demo-service/write}, tries every Keycloak endpoint that takes an access token.
 * Each either refuses the key's token or honours the key; none mints a token without {@code api_key_id}.
 */
@KeycloakIntegrationTest
final class KeycloakEndpointsIT {

    private static final String RESOURCE_SERVER = "orders-api";
    private static final String EXCHANGER = "token-exchanger";
    private static final String SECRET = "exchanger-secret";
    private static final String PERSONAL_CLIENT = "scripts";

    private final TestServer server;
    private final TestRealm realm;
    private final ApiKeyRepresentation restricted;
    private final ApiKeyRepresentation unrestricted;
    private final ApiKeyRepresentation revoked;
    /** A token minted from {@link #revoked} before it was revoked, still within its lifetime. */
    private final String revokedToken;

    KeycloakEndpointsIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
        createResourceServer();
        createExchanger();
        restricted = realm.createKey(r -> {
            r.setRoles(List.of("orders-reader"));
            r.setAudiences(List.of(EXCHANGER, RESOURCE_SERVER, "account"));
        });
        unrestricted = realm.createKey(r -> { });
        revoked = realm.createKey(r -> { });
        revokedToken = tokenOf(revoked, RESOURCE_SERVER);
        realm.keys().revoke(revoked.getId());
    }

    @Test
    void aRestrictedKeysTokenStillServesResourceServersAsABearerToken() {
        Http.Result minted = realm.exchange(restricted.getKey(), "audience", RESOURCE_SERVER);

        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        assertThat(minted.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(TestRealm.claims(minted.json().get("access_token").asText()).get("api_key_id").asText())
                .isEqualTo(restricted.getId());
    }

    @Test
    void keycloaksOwnBearerEndpointsRefuseARestrictedKeysToken() {
        String token = tokenOf(restricted, "account");

        assertThat(Http.get(server.adminUrl(realm.name()) + "/users", token).status()).as("admin API").isEqualTo(401);
        assertThat(Http.request("GET", server.realmUrl(realm.name()) + "/account", "Authorization", "Bearer " + token,
                "Accept", "application/json").status()).as("account API").isEqualTo(401);
        assertThat(Http.get(server.realmUrl(realm.name()) + "/protocol/openid-connect/userinfo", token).status())
                .as("userinfo").isEqualTo(401);
    }

    @Test
    void theUmaGrantMintsNothingFromAKeysToken() {
        for (ApiKeyRepresentation key : List.of(restricted, unrestricted, revoked)) {
            String token = key == revoked ? revokedToken : tokenOf(key, RESOURCE_SERVER);

            Http.Result rpt = Http.form(realm.tokenUrl()).header("Authorization", "Bearer " + token)
                    .param("grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket")
                    .param("audience", RESOURCE_SERVER).post();

            assertThat(rpt.status()).as(key.getName() + ": " + rpt.body()).isEqualTo(400);
            assertThat(rpt.json().get("error").asText()).isEqualTo("invalid_grant");
            assertThat(rpt.body()).doesNotContain("access_token");
        }
    }

    @ParameterizedTest(name = "as {0}")
    @ValueSource(strings = {"subject_token", "claim_token", "rpt"})
    void theUmaGrantTakesNoKeyTokenAsSubjectClaimOrRptEither(String parameter) {
        Http.Result rpt = Http.form(realm.tokenUrl()).basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET)
                .param("grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket")
                .param(parameter, tokenOf(unrestricted, RESOURCE_SERVER))
                .param("audience", RESOURCE_SERVER).post();

        assertThat(rpt.status()).as(rpt.body()).isEqualTo(400);
        assertThat(rpt.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void clientRegistrationRefusesARestrictedKeysToken() {
        Http.Result registered = Http.json("POST", server.realmUrl(realm.name()) + "/clients-registrations/default",
                tokenOf(restricted, EXCHANGER), "{\"clientId\": \"registered-by-a-key\"}");

        assertThat(registered.status()).as(registered.body()).isEqualTo(401);
        assertThat(realm.admin().clients().findByClientId("registered-by-a-key")).isEmpty();
    }

    @Test
    void standardTokenExchangeMintsNothingFromAKeysToken() {
        for (ApiKeyRepresentation key : List.of(restricted, unrestricted, revoked)) {
            String token = key == revoked ? revokedToken : tokenOf(key, EXCHANGER);

            Http.Result exchanged = Http.form(realm.tokenUrl()).basicAuth(EXCHANGER, SECRET)
                    .param("grant_type", TestRealm.TOKEN_EXCHANGE)
                    .param("subject_token", token)
                    .param("subject_token_type", "urn:ietf:params:oauth:token-type:access_token").post();

            assertThat(exchanged.status()).as(key.getName() + ": " + exchanged.body()).isEqualTo(400);
            assertThat(exchanged.json().get("error").asText()).isEqualTo("invalid_token");
            assertThat(exchanged.body()).doesNotContain("access_token");
        }
        assertThat(Events.await(realm, Events.withDetail("api_key_id", unrestricted.getId())
                .and(event -> "TOKEN_EXCHANGE_ERROR".equals(event.getType())))).isNotNull();
    }

    /**
     * The inventory's other rows that verify {@code typ}: the restricted key's token is refused there for what it is,
     * where an unrestricted key's token of the same service account gets Keycloak's ordinary answer.
     */
    @Test
    void theOtherTokenEndpointsTellARestrictedKeysTokenApart() {
        String restrictedToken = tokenOf(restricted, EXCHANGER);
        String ordinaryToken = tokenOf(unrestricted, EXCHANGER);
        String protection = server.realmUrl(realm.name()) + "/authz/protection/resource_set";
        String revocation = server.realmUrl(realm.name()) + "/protocol/openid-connect/revoke";

        Http.Result refused = Http.get(protection, restrictedToken);
        assertThat(refused.status()).as("UMA protection API").isEqualTo(403);
        assertThat(refused.json().get("error").asText()).as("no bearer token it accepts").isEqualTo("invalid_bearer_token");
        assertThat(Http.get(protection, ordinaryToken).json().get("error").asText())
                .as("an ordinary token gets as far as the client check").isEqualTo("invalid_clientId");

        Http.Result revoke = Http.form(revocation).basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET)
                .param("token", restrictedToken).post();
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(400);
        assertThat(revoke.json().get("error").asText()).isEqualTo("unsupported_token_type");
        assertThat(Http.form(revocation).basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET)
                .param("token", ordinaryToken).post().status()).as("a client revokes its own token").isEqualTo(200);
    }

    /**
     * A person's key is a user's token, which Keycloak's user endpoints would take: restricted, its token is refused
     * there; restricted or not, no grant mints a token from it, and it cannot reach the key API to mint more keys.
     */
    @Test
    void aPersonalKeysTokenGainsNothingThereEither() {
        realm.allowPersonalKeys(PERSONAL_CLIENT);
        String user = realm.createUser("ivy");
        realm.grantRealmRoles(user, "orders-reader");
        ApiKeyRepresentation narrowed = realm.createPersonalKey(user, PERSONAL_CLIENT, r -> {
            r.setRoles(List.of("orders-reader"));
            r.setAudiences(List.of(EXCHANGER, RESOURCE_SERVER, "account"));
        });
        ApiKeyRepresentation whole = realm.createPersonalKey(user, PERSONAL_CLIENT, r -> { });
        String token = tokenOf(narrowed, "account");
        assertThat(TestRealm.claims(token).get("sub").asText()).isEqualTo(user);

        assertThat(Http.get(server.adminUrl(realm.name()) + "/users", token).status()).as("admin API").isEqualTo(401);
        assertThat(Http.request("GET", server.realmUrl(realm.name()) + "/account", "Authorization", "Bearer " + token,
                "Accept", "application/json").status()).as("account API").isEqualTo(401);
        assertThat(Http.get(server.realmUrl(realm.name()) + "/protocol/openid-connect/userinfo", token).status())
                .as("userinfo").isEqualTo(401);
        for (ApiKeyRepresentation key : List.of(narrowed, whole)) {
            String minted = tokenOf(key, EXCHANGER);
            Http.Result rpt = Http.form(realm.tokenUrl()).header("Authorization", "Bearer " + tokenOf(key, RESOURCE_SERVER))
                    .param("grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket")
                    .param("audience", RESOURCE_SERVER).post();
            assertThat(rpt.status()).as(key.getName() + " UMA: " + rpt.body()).isEqualTo(400);
            assertThat(rpt.json().get("error").asText()).isEqualTo("invalid_grant");
            Http.Result exchanged = Http.form(realm.tokenUrl()).basicAuth(EXCHANGER, SECRET)
                    .param("grant_type", TestRealm.TOKEN_EXCHANGE).param("subject_token", minted)
                    .param("subject_token_type", "urn:ietf:params:oauth:token-type:access_token").post();
            assertThat(exchanged.status()).as(key.getName() + " exchange: " + exchanged.body()).isEqualTo(400);
            assertThat(exchanged.json().get("error").asText()).isEqualTo("invalid_token");
            Http.Result more = Http.json("POST", server.realmUrl(realm.name()) + "/api-keys/personal", minted,
                    "{\"clientId\": \"" + PERSONAL_CLIENT + "\", \"name\": \"more\"}");
            assertThat(more.status()).as(key.getName() + " key API: " + more.body()).isEqualTo(401);
        }
        assertThat(realm.keys().listOfUser(user, null, null, null)).hasSize(2);
    }

    @Test
    void fineGrainedAdminPermissionsOnTheServiceAccountCountAsAdminRoles() {
        TestRealm other = TestRealm.fromDemo(server);
        String key = other.createKey(r -> r.setRoles(List.of("orders-reader"))).getKey();
        String tokenBefore = other.exchange(key).json().get("access_token").asText();
        String secretUrl = server.adminUrl(other.name()) + "/clients/" + other.client(TestRealm.GATEWAY).getId()
                + "/client-secret";

        permitServiceAccount(other);

        assertThat(Http.get(secretUrl, tokenBefore).status()).as("a token minted before").isEqualTo(401);
        Http.Result exchange = other.exchange(key);
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(401);
        assertThat(Events.await(other, Events.withDetail("reason", "restrictions_not_enforceable"))).isNotNull();
        Http.Result created = Http.json("POST", other.keysUrl(), other.adminToken(),
                "{\"clientId\": \"demo-service\", \"name\": \"r\", \"roles\": [\"orders-reader\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.json().get("error").asText()).isEqualTo("restrictions_not_enforceable");
        assertThat(created.json().get("error_description").asText()).contains("fine-grained admin permissions");
        other.delete();
    }

    @Test
    void aKeyManagerCannotMintAKeyWithAdminRightsHeDoesNotHold() {
        String adminService = createClient("admin-service", Map.of(), true);
        RoleRepresentation manager = new RoleRepresentation();
        manager.setName("api-key-manager");
        realm.admin().clients().get(adminService).roles().create(manager);
        String serviceAccount = realm.admin().clients().get(adminService).getServiceAccountUser().getId();
        String management = realm.client("realm-management").getId();
        realm.admin().users().get(serviceAccount).roles().clientLevel(management)
                .add(List.of(realm.admin().clients().get(management).roles().get("realm-admin").toRepresentation()));
        String helpdesk = realm.createUser("helpdesk", "manage-users");
        String helpdeskToken = realm.userToken("helpdesk", "helpdesk");
        Http.Result selfGrant = Http.json("POST", server.adminUrl(realm.name()) + "/users/" + helpdesk
                + "/role-mappings/clients/" + adminService, helpdeskToken,
                "[" + Http.JSON.valueToTree(realm.admin().clients().get(adminService).roles().get("api-key-manager")
                        .toRepresentation()) + "]");
        assertThat(selfGrant.status()).as("a manage-users admin may map a plain client role to himself").isEqualTo(204);

        Http.Result created = Http.json("POST", server.realmUrl(realm.name()) + "/api-keys",
                realm.userToken("helpdesk", "helpdesk"), "{\"clientId\": \"admin-service\", \"name\": \"escalate\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(403);
        assertThat(Http.get(server.realmUrl(realm.name()) + "/api-keys?clientId=admin-service",
                realm.userToken("helpdesk", "helpdesk")).status()).as("still reads the keys").isEqualTo(200);
    }

    private String tokenOf(ApiKeyRepresentation key, String audience) {
        Http.Result minted = key.getRoles() == null || key.getRoles().isEmpty()
                ? realm.exchange(key.getKey()) : realm.exchange(key.getKey(), "audience", audience);
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        return minted.json().get("access_token").asText();
    }

    /** Admin permissions on, and a user policy naming demo-service's service account may view and manage demo-gateway. */
    private static void permitServiceAccount(TestRealm other) {
        RealmRepresentation settings = other.admin().toRepresentation();
        settings.setAdminPermissionsEnabled(true);
        other.admin().update(settings);
        AuthorizationResource permissions = other.admin().clients().get(other.client("admin-permissions").getId())
                .authorization();
        UserPolicyRepresentation policy = new UserPolicyRepresentation();
        policy.setName("service account");
        policy.addUser(other.serviceAccountId());
        permissions.policies().user().create(policy).close();
        ScopePermissionRepresentation permission = new ScopePermissionRepresentation();
        permission.setName("gateway");
        permission.setResourceType("Clients");
        permission.setResources(Set.of(other.client(TestRealm.GATEWAY).getId()));
        permission.setScopes(Set.of("view", "manage"));
        permission.addPolicy(policy.getName());
        try (Response response = permissions.permissions().scope().create(permission)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
    }

    /** A resource server whose one resource is granted to {@code orders-reader}. */
    private void createResourceServer() {
        String id = createClient(RESOURCE_SERVER, Map.of(), true);
        AuthorizationResource authz = realm.admin().clients().get(id).authorization();
        ResourceRepresentation orders = new ResourceRepresentation("orders");
        authz.resources().create(orders).close();
        RolePolicyRepresentation readers = new RolePolicyRepresentation();
        readers.setName("readers");
        readers.addRole("orders-reader");
        authz.policies().role().create(readers).close();
        ResourcePermissionRepresentation permission = new ResourcePermissionRepresentation();
        permission.setName("read orders");
        permission.addResource("orders");
        permission.addPolicy("readers");
        authz.permissions().resource().create(permission).close();
    }

    /** A client that may exchange tokens whose audience names it; the service account holds one of its roles, so its tokens do. */
    private void createExchanger() {
        String id = createClient(EXCHANGER, Map.of("standard.token.exchange.enabled", "true"), false);
        RoleRepresentation role = new RoleRepresentation();
        role.setName("exchange");
        realm.admin().clients().get(id).roles().create(role);
        realm.grantServiceAccount(EXCHANGER + "/exchange");
    }

    private String createClient(String clientId, Map<String, String> attributes, boolean authorization) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setSecret(SECRET);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(authorization);
        client.setAuthorizationServicesEnabled(authorization);
        client.setStandardFlowEnabled(false);
        client.setAttributes(attributes);
        try (Response response = realm.admin().clients().create(client)) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }
}
