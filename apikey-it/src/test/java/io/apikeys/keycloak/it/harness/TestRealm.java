package io.apikeys.keycloak.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.ApiKeyUsageRepresentation;
import io.apikeys.keycloak.client.ApiKeysResource;
import io.apikeys.keycloak.introspection.ApiKeyIntrospectionProviderFactory;
import io.apikeys.keycloak.verification.KeyGrants;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A realm of its own for a test class, imported from {@code realm-exports/demo-realm.json} under a fresh name,
 * with the calls a user makes against it: admin API, token endpoint, introspection.
 */
public final class TestRealm {

    public static final String SERVICE = "demo-service";
    public static final String SERVICE_SECRET = "demo-service-secret";
    public static final String GATEWAY = "demo-gateway";
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    public static final String GATEWAY_SECRET = "demo-gateway-secret";
    public static final String API_KEY_TOKEN_TYPE = KeyGrants.API_KEY_TOKEN_TYPE;
    /** The {@code token_type_hint} of key introspection. */
    public static final String API_KEY_HINT = ApiKeyIntrospectionProviderFactory.PROVIDER_ID;
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final TestServer server;
    private final String name;

    private TestRealm(TestServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Imports the demo realm under a new unique name. */
    public static TestRealm fromDemo(TestServer server) {
        String name = "t" + UUID.randomUUID().toString().substring(0, 8);
        Path demo = Path.of(System.getProperty("project.root"), "realm-exports", "demo-realm.json");
        try {
            String json = Files.readString(demo, StandardCharsets.UTF_8)
                    .replace("\"realm\": \"demo\"", "\"realm\": \"" + name + "\"")
                    .replace("default-roles-demo", "default-roles-" + name);
            server.admin().realms().create(Http.JSON.readValue(json, RealmRepresentation.class));
            server.recordRealmImport(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestRealm(server, name);
    }

    public String name() {
        return name;
    }

    /** The source address Keycloak sees for this realm's calls through {@link Http} (see {@link Http#callerAddressOf}). */
    public String callerAddress() {
        return Http.callerAddressOf(name);
    }

    public RealmResource admin() {
        return server.realm(name);
    }

    /** The typed admin client of the extension, logged in as the server's bootstrap admin. */
    public ApiKeysResource keys() {
        return server.admin().proxy(ApiKeysResource.class, URI.create(keysUrl()));
    }

    public String keysUrl() {
        return server.adminUrl(name) + "/api-keys";
    }

    /** Creates a key for demo-service (customise the request as needed) and remembers it for the leak check. */
    public ApiKeyRepresentation createKey(Consumer<ApiKeyRepresentation> customize) {
        ApiKeyRepresentation request = new ApiKeyRepresentation();
        request.setClientId(SERVICE);
        request.setName("key-" + UUID.randomUUID().toString().substring(0, 6));
        customize.accept(request);
        ApiKeyRepresentation created = keys().create(request);
        IssuedKeys.remember(created.getKey());
        return created;
    }

    /**
     * Lets the realm's users have personal keys for a new client {@code clientId} (the key authenticator, no secret,
     * no browser flow), with the realm's other personal-key defaults; returns this realm.
     */
    public TestRealm allowPersonalKeys(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setStandardFlowEnabled(false);
        client.setClientAuthenticatorType(KeyGrants.CLIENT_AUTHENTICATOR_ID);
        admin().clients().create(client).close();
        ApiKeySettingsRepresentation settings = keys().getSettings();
        settings.getPersonalKeys().setEnabled(true);
        settings.getPersonalKeys().setClients(List.of(clientId));
        keys().updateSettings(settings);
        return this;
    }

    /** Creates a personal key of the user for {@code clientId}, expiring in a week (customise as needed), remembered. */
    public ApiKeyRepresentation createPersonalKey(String userId, String clientId, Consumer<ApiKeyRepresentation> customize) {
        return createKey(request -> {
            request.setUserId(userId);
            request.setClientId(clientId);
            request.setExpiresTimestamp(System.currentTimeMillis() + Duration.ofDays(7).toMillis());
            customize.accept(request);
        });
    }

    /** Gives a user of the realm these realm roles. */
    public void grantRealmRoles(String userId, String... roles) {
        if (roles.length == 0) {
            return;
        }
        admin().users().get(userId).roles().realmLevel()
                .add(Arrays.stream(roles).map(role -> admin().roles().get(role).toRepresentation()).toList());
    }

    public String createKey() {
        return createKey(request -> { }).getKey();
    }

    /**
     * A client of its own with an enabled service account and the key authenticator, for a test that changes what is
     * counted per client (key limits) or the client itself; returns its clientId.
     */
    public String createServiceClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("svc-" + UUID.randomUUID().toString().substring(0, 8));
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setClientAuthenticatorType(KeyGrants.CLIENT_AUTHENTICATOR_ID);
        admin().clients().create(client).close();
        return client.getClientId();
    }

    public ClientRepresentation client(String clientId) {
        return admin().clients().findByClientId(clientId).get(0);
    }

    /** Creates a user (password = username) holding the given realm-management roles; returns its id. */
    public String createUser(String username, String... realmManagementRoles) {
        try (Response response = admin().users().create(user(username))) {
            String id = CreatedResponseUtil.getCreatedId(response);
            if (realmManagementRoles.length > 0) {
                String management = client("realm-management").getId();
                List<RoleRepresentation> roles = Arrays.stream(realmManagementRoles)
                        .map(role -> admin().clients().get(management).roles().get(role).toRepresentation()).toList();
                admin().users().get(id).roles().clientLevel(management).add(roles);
            }
            return id;
        }
    }

    /** A user to create (in any realm): enabled, password = username, e-mail {@code <username>@example.org}. */
    public static UserRepresentation user(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.org");
        user.setEmailVerified(true);
        user.setFirstName(username);
        user.setLastName("Test");
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(username);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        return user;
    }

    /** A bearer token of the server's bootstrap admin, for raw calls to the admin API. */
    public String adminToken() {
        return server.admin().tokenManager().getAccessTokenString();
    }

    /** The key's last use once the write-behind has stored it (within 10 s), else null. */
    public Long awaitLastUse(String id) {
        return Poll.until(Duration.ofSeconds(10), () -> keys().get(id).getLastUsedTimestamp());
    }

    /**
     * The key's usage (days, the last week) once the write-behind has stored {@code accepted} and {@code refused} uses
     * (within 15 s); fails when it stays short or overshoots.
     */
    public ApiKeyUsageRepresentation awaitUsage(String keyId, long accepted, long refused) {
        ApiKeyUsageRepresentation usage = Poll.until(Duration.ofSeconds(15), () -> {
            ApiKeyUsageRepresentation now = keys().usage(keyId, null, null, "day");
            return total(now, true) >= accepted && total(now, false) >= refused ? now : null;
        });
        if (usage == null) {
            throw new AssertionError("Usage of " + keyId + " did not reach " + accepted + " accepted and " + refused
                    + " refused within 15 s: " + keys().usage(keyId, null, null, "day").getBuckets());
        }
        if (total(usage, true) != accepted || total(usage, false) != refused) {
            throw new AssertionError("Usage of " + keyId + ": " + total(usage, true) + " accepted and "
                    + total(usage, false) + " refused, expected " + accepted + " and " + refused);
        }
        return usage;
    }

    private static long total(ApiKeyUsageRepresentation usage, boolean accepted) {
        return usage.getBuckets().stream().mapToLong(b -> accepted ? b.getAccepted() : b.getRefused()).sum();
    }

    /** The user id of demo-service's service account. */
    public String serviceAccountId() {
        return admin().clients().get(client(SERVICE).getId()).getServiceAccountUser().getId();
    }

    /** Gives demo-service's service account roles: a realm role {@code name} or a client role {@code clientId/name}. */
    public void grantServiceAccount(String... roles) {
        for (String role : roles) {
            int slash = role.indexOf('/');
            if (slash < 0) {
                admin().users().get(serviceAccountId()).roles().realmLevel()
                        .add(List.of(admin().roles().get(role).toRepresentation()));
            } else {
                String clientUuid = client(role.substring(0, slash)).getId();
                admin().users().get(serviceAccountId()).roles().clientLevel(clientUuid)
                        .add(List.of(admin().clients().get(clientUuid).roles().get(role.substring(slash + 1)).toRepresentation()));
            }
        }
    }

    /** Creates a realm role (for a test's own role tables). */
    public void createRealmRole(String name) {
        RoleRepresentation role = new RoleRepresentation();
        role.setName(name);
        admin().roles().create(role);
    }

    /** An access token of a user of this realm (password grant through admin-cli). */
    public String userToken(String username, String password) {
        Http.Result result = Http.form(server.tokenUrl(name)).param("grant_type", "password")
                .param("client_id", "admin-cli").param("username", username).param("password", password).post();
        if (result.status() != 200) {
            throw new AssertionError("Login of " + username + " failed: " + result.status() + " " + result.body());
        }
        return result.json().get("access_token").asText();
    }

    /** The token exchange of the contract with only the key; add scope/audience/client_id as extra pairs. */
    public Http.Result exchange(String key, String... extraParams) {
        Http.Form form = exchangeForm(key);
        for (int i = 0; i + 1 < extraParams.length; i += 2) {
            form.param(extraParams[i], extraParams[i + 1]);
        }
        return form.post();
    }

    /**
     * Lets tests call from any source address: the test server trusts {@code X-Forwarded-For}
     * ({@code --proxy-headers=xforwarded}, as behind a reverse proxy), and callers from public addresses would
     * otherwise need HTTPS.
     */
    public TestRealm acceptingCallersFromAnyAddress() {
        RealmRepresentation settings = admin().toRepresentation();
        settings.setSslRequired("none");
        admin().update(settings);
        return this;
    }

    /** {@link #exchange} as sent from {@code address}; see {@link #acceptingCallersFromAnyAddress()}. */
    public Http.Result exchangeFrom(String key, String address) {
        return exchangeForm(key).header(FORWARDED_FOR, address).post();
    }

    private Http.Form exchangeForm(String key) {
        return Http.form(server.tokenUrl(name)).param("grant_type", TOKEN_EXCHANGE)
                .param("subject_token", key).param("subject_token_type", API_KEY_TOKEN_TYPE);
    }

    public Http.Result introspect(String token, String hint) {
        return introspectForm(token, hint).post();
    }

    /** {@link #introspect} by the gateway calling from {@code address}; see {@link #acceptingCallersFromAnyAddress()}. */
    public Http.Result introspectFrom(String token, String hint, String address) {
        return introspectForm(token, hint).header(FORWARDED_FOR, address).post();
    }

    private Http.Form introspectForm(String token, String hint) {
        Http.Form form = Http.form(server.tokenUrl(name) + "/introspect").param("token", token)
                .basicAuth(GATEWAY, GATEWAY_SECRET);
        if (hint != null) {
            form.param("token_type_hint", hint);
        }
        return form;
    }

    public String tokenUrl() {
        return server.tokenUrl(name);
    }

    /** {@code .../realms/<this realm>}. */
    public String realmUrl() {
        return server.realmUrl(name);
    }

    /** The claims of a JWT (signature is checked separately where it matters). */
    public static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete() {
        admin().remove();
    }
}
