package io.apikeys.keycloak.it.personal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.PersonalKeysRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal keys, a user's own keys, as an admin creates them and as scripts use them: the user's identity in the
 * exchanged token, the check endpoint and introspection, never more than the user holds, never a client secret, and
 * stopped at the next request once the user is disabled, deleted, locked out, loses a role the key lists, or the
 * client leaves the realm's list.
 */
@KeycloakIntegrationTest
final class PersonalKeysIT {

    private static final String CLIENT = "scripts";
    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    private final TestServer server;
    private final TestRealm realm;
    private final String adminToken;

    PersonalKeysIT(TestServer server) {
        this.server = server;
        realm = TestRealm.fromDemo(server).acceptingCallersFromAnyAddress().allowPersonalKeys(CLIENT);
        realm.createRealmRole("reports-reader");
        allowPersonalKeys(List.of(CLIENT), 3);
        adminToken = realm.adminToken();
    }

    @Test
    void aPersonalKeyActsForItsUserWithOnlyItsRolesAndIsNoClientSecret() {
        String alice = user("alice", "orders-reader", "reports-reader");
        JsonNode created = create(alice, "{\"roles\":[\"orders-reader\"]}");
        String key = created.get("key").asText();

        assertThat(created.get("type").asText()).isEqualTo("PERSONAL");
        assertThat(created.get("userId").asText()).isEqualTo(alice);
        assertThat(created.get("username").asText()).startsWith("alice-");
        assertThat(key).startsWith("kcpk_");
        assertThat(Http.get(realm.keysUrl() + "?userId=" + alice, adminToken).body()).contains(created.get("id").asText());
        assertThat(Http.get(realm.keysUrl() + "?clientId=" + CLIENT, adminToken).body()).isEqualTo("[]");

        Http.Result exchanged = realm.exchange(key);
        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        JsonNode claims = TestRealm.claims(exchanged.json().get("access_token").asText());
        assertThat(claims.get("sub").asText()).isEqualTo(alice);
        assertThat(claims.get("preferred_username").asText()).isEqualTo(created.get("username").asText());
        assertThat(claims.get("azp").asText()).isEqualTo(CLIENT);
        assertThat(claims.get("realm_access").get("roles").toString()).isEqualTo("[\"orders-reader\"]");
        assertThat(exchanged.json().has("refresh_token")).isFalse();

        Http.Result checked = Http.request("GET", realm.realmUrl() + "/api-keys/check", "X-API-Key", key);
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.header("X-Subject")).isEqualTo(alice);
        assertThat(checked.header("X-Username")).isEqualTo(created.get("username").asText());
        assertThat(checked.header("X-Client-Id")).isEqualTo(CLIENT);

        JsonNode introspected = realm.introspect(key, null).json();
        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(introspected.get("sub").asText()).isEqualTo(alice);
        assertThat(introspected.get("username").asText()).isEqualTo(created.get("username").asText());

        Http.Result asSecret = Http.form(realm.tokenUrl()).basicAuth(CLIENT, key).param("grant_type", "client_credentials").post();
        assertThat(asSecret.status()).isEqualTo(401);
        assertThat(Events.await(realm, Events.withDetail("reason", "personal_key_as_secret"))).isNotNull();

        String id = created.get("id").asText();
        realm.awaitUsage(id, 3, 0);
        JsonNode export = Http.get(realm.keysUrl() + "/usage?clientId=" + CLIENT, adminToken).json();
        List<JsonNode> rows = new ArrayList<>();
        export.forEach(row -> {
            if (row.get("keyId").asText().equals(id)) {
                rows.add(row);
            }
        });
        assertThat(rows).as("the client's bill counts its personal keys").hasSize(1);
        assertThat(rows.get(0).get("clientId").asText()).isEqualTo(CLIENT);
        assertThat(rows.get(0).get("accepted").asLong()).isEqualTo(3);
        assertThat(rows.get(0).has("userId")).as("no user in a billing row").isFalse();
    }

    @Test
    void creationFollowsTheRealmsPolicyAndTheUsersRoles() {
        String bob = user("bob", "orders-reader");
        long soon = System.currentTimeMillis() + DAY;
        ApiKeySettingsRepresentation off = realm.keys().getSettings();
        off.getPersonalKeys().setEnabled(false);
        realm.keys().updateSettings(off);
        assertThat(error(createResult(bob, "{}"))).isEqualTo("personal_keys_disabled");
        assertThat(Http.get(realm.realmUrl() + "/api-keys/personal/options", tokenOf(bob)).body()).isEqualTo(
                "{\"enabled\":false,\"canManage\":false,\"clients\":[],\"maxLifetimeSeconds\":0,\"maxKeysPerUser\":0,\"roles\":[]}");
        allowPersonalKeys(List.of(CLIENT), 3);

        assertThat(error(createResult(bob, "{\"expiresTimestamp\":null}"))).isEqualTo("invalid_expiry");
        assertThat(error(createResult(bob, "{\"expiresTimestamp\":" + (System.currentTimeMillis() + 60 * DAY) + "}")))
                .isEqualTo("invalid_expiry");
        assertThat(error(createResult(bob, "{\"roles\":[\"reports-reader\"]}"))).isEqualTo("role_not_held");
        assertThat(error(Http.json("POST", realm.keysUrl(), adminToken, "{\"userId\":\"" + bob + "\",\"clientId\":\""
                + TestRealm.GATEWAY + "\",\"name\":\"x\",\"expiresTimestamp\":" + soon + "}"))).isEqualTo("client_not_allowed");
        assertThat(error(Http.json("POST", realm.keysUrl(), adminToken, "{\"userId\":\"no-such-user\",\"clientId\":\""
                + CLIENT + "\",\"name\":\"x\",\"expiresTimestamp\":" + soon + "}"))).isEqualTo("unknown_user");
        for (int i = 0; i < 3; i++) {
            IssuedKeys.remember(create(bob, "{}").get("key").asText());
        }
        assertThat(error(createResult(bob, "{}"))).isEqualTo("too_many_keys");
    }

    @Test
    void userRightsDecideWhoManagesPersonalKeys() {
        String carol = user("carol");
        String userAdmin = "useradmin-" + UUID.randomUUID().toString().substring(0, 6);
        realm.createUser(userAdmin, "manage-users", "view-users");
        String clientsOnly = "clientsonly-" + UUID.randomUUID().toString().substring(0, 6);
        realm.createUser(clientsOnly, "manage-clients", "view-clients");
        String body = "{\"userId\":\"" + carol + "\",\"clientId\":\"" + CLIENT + "\",\"name\":\"r\",\"expiresTimestamp\":"
                + (System.currentTimeMillis() + DAY) + "}";

        Http.Result byUserAdmin = Http.json("POST", realm.keysUrl(), realm.userToken(userAdmin, userAdmin), body);
        Http.Result byClientAdmin = Http.json("POST", realm.keysUrl(), realm.userToken(clientsOnly, clientsOnly), body);

        assertThat(byUserAdmin.status()).as(byUserAdmin.body()).isEqualTo(201);
        IssuedKeys.remember(byUserAdmin.json().get("key").asText());
        assertThat(byClientAdmin.status()).isEqualTo(403);
        String id = byUserAdmin.json().get("id").asText();
        assertThat(Http.get(realm.keysUrl() + "/" + id, realm.userToken(clientsOnly, clientsOnly)).status()).isEqualTo(403);
        assertThat(Http.get(server.adminUrl("master") + "/api-keys/" + id, adminToken).status()).as("another realm")
                .isEqualTo(404);
        assertThat(Http.json("POST", realm.keysUrl() + "/" + id + "/revoke", realm.userToken(userAdmin, userAdmin), "")
                .status()).isEqualTo(204);
    }

    @Test
    void aKeyStopsAtTheNextRequestWhenItsUserOrClientMayNoLonger() {
        String dave = user("dave", "orders-reader");
        String key = create(dave, "{\"roles\":[\"orders-reader\"]}").get("key").asText();
        assertThat(realm.exchange(key).status()).isEqualTo(200);

        setEnabled(dave, false);
        assertThat(realm.exchange(key).status()).as("user disabled").isEqualTo(401);
        setEnabled(dave, true);
        assertThat(realm.exchange(key).status()).isEqualTo(200);

        RoleRepresentation role = realm.admin().roles().get("orders-reader").toRepresentation();
        realm.admin().users().get(dave).roles().realmLevel().remove(List.of(role));
        assertThat(realm.exchange(key).status()).as("role taken away").isEqualTo(401);
        realm.admin().users().get(dave).roles().realmLevel().add(List.of(role));
        assertThat(realm.exchange(key).status()).isEqualTo(200);

        allowPersonalKeys(List.of(), 3);
        assertThat(realm.exchange(key).status()).as("client no longer listed").isEqualTo(401);
        allowPersonalKeys(List.of(CLIENT), 3);
        assertThat(realm.exchange(key).status()).isEqualTo(200);

        lockOut(dave);
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(10), () -> realm.exchange(key).status() == 401))
                .as("locked out").isTrue();

        String erin = user("erin");
        JsonNode erinsKey = create(erin, "{}");
        realm.admin().users().delete(erin).close();
        assertThat(realm.exchange(erinsKey.get("key").asText()).status()).as("user deleted").isEqualTo(401);
        assertThat(Http.get(realm.keysUrl() + "/" + erinsKey.get("id").asText(), adminToken).status()).isEqualTo(404);
        assertThat(Events.await(realm, Events.withDetail("reason", "user_disabled"))).isNotNull();
    }

    @Test
    void aPersonManagesTheirOwnPersonalKeysAndNobodyElsesInTheAccountApi() {
        String frank = user("frank", "orders-reader");
        String grace = user("grace");
        String frankToken = tokenOf(frank);
        String graceToken = tokenOf(grace);
        String personal = realm.realmUrl() + "/api-keys/personal";
        JsonNode options = Http.get(personal + "/options", frankToken).json();
        assertThat(options.get("enabled").asBoolean()).isTrue();
        assertThat(options.get("canManage").asBoolean()).isTrue();
        assertThat(options.get("clients").toString()).isEqualTo("[{\"clientId\":\"" + CLIENT + "\"}]");
        assertThat(options.get("maxLifetimeSeconds").asLong()).isEqualTo(TimeUnit.DAYS.toSeconds(30));
        assertThat(options.get("maxKeysPerUser").asInt()).isEqualTo(3);
        assertThat(options.get("roles").toString()).contains("\"orders-reader\"", "\"account/manage-account\"")
                .doesNotContain("reports-reader");
        assertThat(Http.get(personal + "/options", graceToken).json().get("roles").toString()).doesNotContain("orders-reader");

        Http.Result created = Http.json("POST", personal, frankToken, "{\"clientId\":\"" + CLIENT + "\",\"name\":\"cli\","
                + "\"roles\":[\"orders-reader\"],\"expiresTimestamp\":" + (System.currentTimeMillis() + DAY) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        IssuedKeys.remember(created.json().get("key").asText());
        String id = created.json().get("id").asText();
        assertThat(created.json().get("userId").asText()).isEqualTo(frank);
        assertThat(realm.exchange(created.json().get("key").asText()).status()).isEqualTo(200);

        assertThat(Http.get(personal, frankToken).body()).contains(id);
        assertThat(Http.get(personal, graceToken).body()).isEqualTo("[]");
        assertThat(Http.json("POST", personal + "/" + id + "/revoke", graceToken, "").status()).isEqualTo(404);
        String serviceKey = realm.createKey(r -> { }).getId();
        assertThat(Http.json("POST", personal + "/" + serviceKey + "/revoke", frankToken, "").status()).isEqualTo(404);

        Http.Result rotated = Http.json("POST", personal + "/" + id + "/rotate", frankToken, "{\"gracePeriodSeconds\":0}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        IssuedKeys.remember(rotated.json().get("key").asText());
        assertThat(rotated.json().get("key").asText()).startsWith("kcpk_");
        String successor = rotated.json().get("id").asText();
        assertThat(Http.request("DELETE", personal + "/" + successor, "Authorization", "Bearer " + frankToken).status())
                .isEqualTo(204);
        assertThat(realm.exchange(rotated.json().get("key").asText()).status()).isEqualTo(401);
    }

    private String tokenOf(String userId) {
        String username = realm.admin().users().get(userId).toRepresentation().getUsername();
        return realm.userToken(username, username);
    }

    private void lockOut(String userId) {
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.setBruteForceProtected(true);
        representation.setFailureFactor(2);
        realm.admin().update(representation);
        String username = realm.admin().users().get(userId).toRepresentation().getUsername();
        for (int i = 0; i < 3; i++) {
            Http.form(realm.tokenUrl()).param("grant_type", "password").param("client_id", "admin-cli")
                    .param("username", username).param("password", "wrong").post();
        }
    }

    private void setEnabled(String userId, boolean enabled) {
        UserRepresentation user = realm.admin().users().get(userId).toRepresentation();
        user.setEnabled(enabled);
        realm.admin().users().get(userId).update(user);
    }

    private void allowPersonalKeys(List<String> clients, int maxKeysPerUser) {
        ApiKeySettingsRepresentation settings = realm.keys().getSettings();
        PersonalKeysRepresentation personal = new PersonalKeysRepresentation();
        personal.setEnabled(true);
        personal.setClients(clients);
        personal.setMaxLifetimeSeconds(TimeUnit.DAYS.toSeconds(30));
        personal.setMaxKeysPerUser(maxKeysPerUser);
        settings.setPersonalKeys(personal);
        realm.keys().updateSettings(settings);
    }

    /** A user of the realm holding these realm roles; returns the id. */
    private String user(String name, String... realmRoles) {
        String id = realm.createUser(name + "-" + UUID.randomUUID().toString().substring(0, 6));
        realm.grantRealmRoles(id, realmRoles);
        return id;
    }

    private JsonNode create(String userId, String fields) {
        Http.Result result = createResult(userId, fields);
        assertThat(result.status()).as(result.body()).isEqualTo(201);
        IssuedKeys.remember(result.json().get("key").asText());
        return result.json();
    }

    /** A personal key of the user for {@value #CLIENT}, expiring in a week unless {@code fields} say otherwise. */
    private Http.Result createResult(String userId, String fields) {
        JsonNode extra = Http.JSON.valueToTree(parse(fields));
        ObjectNode body = Http.JSON.createObjectNode()
                .put("userId", userId).put("clientId", CLIENT).put("name", "personal")
                .put("expiresTimestamp", System.currentTimeMillis() + 7 * DAY);
        body.setAll((ObjectNode) extra);
        return Http.json("POST", realm.keysUrl(), adminToken, body.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String error(Http.Result result) {
        assertThat(result.status()).as(result.body()).isEqualTo(400);
        return result.json().get("error").asText();
    }
}
