package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RoleMappingResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which rights a token brings to /realms/{realm}/api-keys: the roles its client may carry, as Keycloak's admin API
 * counts them; the account console acts for its user; service accounts and tokens minted from keys get nothing.
 */
@KeycloakIntegrationTest
final class AccountTokenRightsIT {

    private final TestRealm realm;
    private final String url;
    private final String adminUrl;

    AccountTokenRightsIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        url = server.realmUrl(realm.name()) + "/api-keys";
        adminUrl = server.adminUrl(realm.name());
        // The console's own client and role scope (account roles only), reached without a browser.
        ClientRepresentation console = realm.client("account-console");
        console.setDirectAccessGrantsEnabled(true);
        realm.admin().clients().get(console.getId()).update(console);
        // The attack: a public client shaped like the console, holding a token of a user with admin roles.
        publicClient("account-roles-spa", "account/manage-account", "account/view-profile");
        String keyAdmin = publicClient("key-admin-spa", "account/manage-account", "realm-management/manage-clients");
        realm.admin().clients().get(keyAdmin).addDefaultClientScope(scopeWith("demo-service/api-key-manager"));
        publicClient("no-roles-spa");
        String serviceAccount = realm.admin().clients().get(realm.client(TestRealm.SERVICE).getId())
                .getServiceAccountUser().getId();
        mappings(realm.admin().users().get(serviceAccount).roles(), "realm-management/manage-clients");
    }

    /**
     * The last column: Keycloak's own admin API (listing clients) with the same token. demo-service's service account
     * holds manage-clients here, which demo-owner (api-key-manager only) does not: he may read its keys, not mint one.
     */
    @ParameterizedTest(name = "{1} through {0}: clients [{2}], list {3}, create {4}, admin API {5}")
    @CsvSource(delimiter = '|', value = {
            "account-console   | demo-admin | demo-service | 200 | 201 | 403",
            "account-console   | demo-owner | demo-service | 200 | 403 | 403",
            "account-console   | demo-user  | ''           | 403 | 403 | 403",
            "key-admin-spa     | demo-admin | demo-service | 200 | 201 | 200",
            "key-admin-spa     | demo-owner | demo-service | 200 | 403 | 403",
            "account-roles-spa | demo-admin | ''           | 403 | 403 | 403",
            "account-roles-spa | demo-owner | ''           | 403 | 403 | 403"})
    void rightsAreTheRolesTheTokensClientMayCarry(String client, String user, String clients, int list, int create,
                                                  int adminApi) {
        String token = userToken(client, user);

        assertThat(Http.get(adminUrl + "/clients", token).status()).isEqualTo(adminApi);
        List<String> seen = Http.get(url + "/clients", token).json().findValuesAsText("clientId");
        assertThat(String.join(" ", seen)).isEqualTo(clients);
        assertThat(Http.get(url + "?clientId=demo-service", token).status()).isEqualTo(list);
        assertThat(create(token)).isEqualTo(create);
    }

    @Test
    void serviceAccountTokensAreRefused() {
        String token = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET).post().json().get("access_token").asText();

        assertRefused(token);
    }

    @Test
    void tokensMintedFromApiKeysAreRefused() {
        String token = realm.exchange(realm.createKey()).json().get("access_token").asText();

        assertThat(TestRealm.claims(token).has("api_key_id")).isTrue();
        assertRefused(token);
    }

    @Test
    void tokensWithoutTheAccountAudienceAreRefused() {
        String token = userToken("no-roles-spa", "demo-admin");

        assertThat(TestRealm.claims(token).path("aud").toString()).doesNotContain("\"account\"");
        assertRefused(token);
    }

    private void assertRefused(String token) {
        Http.Result refused = Http.get(url + "/clients", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer realm=");
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(create(token)).isEqualTo(401);
    }

    private int create(String token) {
        Http.Result result = Http.json("POST", url, token, "{\"clientId\": \"demo-service\", \"name\": \"rights\"}");
        if (result.status() == 201) {
            IssuedKeys.remember(result.json().get("key").asText());
        }
        return result.status();
    }

    private String userToken(String clientId, String user) {
        Http.Result result = Http.form(realm.tokenUrl()).param("grant_type", "password").param("client_id", clientId)
                .param("username", user).param("password", user).post();
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return result.json().get("access_token").asText();
    }

    /** A public client with direct grants whose role scope is exactly {@code roles} ("client/role"). */
    private String publicClient(String clientId, String... roles) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setFullScopeAllowed(false);
        try (Response response = realm.admin().clients().create(client)) {
            String id = CreatedResponseUtil.getCreatedId(response);
            mappings(realm.admin().clients().get(id).getScopeMappings(), roles);
            return id;
        }
    }

    private String scopeWith(String role) {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName("api-key-managers");
        scope.setProtocol("openid-connect");
        try (Response response = realm.admin().clientScopes().create(scope)) {
            String id = CreatedResponseUtil.getCreatedId(response);
            mappings(realm.admin().clientScopes().get(id).getScopeMappings(), role);
            return id;
        }
    }

    private void mappings(RoleMappingResource target, String... roles) {
        for (String role : roles) {
            String owner = realm.client(role.substring(0, role.indexOf('/'))).getId();
            target.clientLevel(owner).add(List.of(realm.admin().clients().get(owner).roles()
                    .get(role.substring(role.indexOf('/') + 1)).toRepresentation()));
        }
    }
}
