package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.AllowedIps;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;

import java.util.List;
import java.util.Map;

/** Test data: a {@link StoredApiKey} with sensible defaults, of which a test sets only the fields it is about. */
public final class TestKeys {

    private String id = "key-id";
    private String realmId = "realm-1";
    private String clientUuid = "client-uuid";
    private ApiKeyHash hash = ApiKeyHash.of("key");
    private String name = "name";
    private String description;
    private boolean enabled = true;
    private List<String> scopes = List.of();
    private List<String> roles = List.of();
    private List<String> audiences = List.of();
    private AllowedIps allowedIps = AllowedIps.ANY;
    private RateLimit rateLimit;
    private Quota quota;
    private String lineageId;
    private Integer tokenLifespanSeconds;
    private Map<String, String> attributes = Map.of();
    private Long expiresTimestamp;
    private Long revokedTimestamp;

    private TestKeys() {
    }

    public static TestKeys key() {
        return new TestKeys();
    }

    /** A key whose hash is that of {@code name} and whose id is derived from it. */
    public static StoredApiKey named(String name, String realmId) {
        return key().id("id-" + name).hash(ApiKeyHash.of(name)).realm(realmId).build();
    }

    public TestKeys id(String value) { id = value; return this; }
    public TestKeys realm(String value) { realmId = value; return this; }
    public TestKeys client(String value) { clientUuid = value; return this; }
    public TestKeys hash(ApiKeyHash value) { hash = value; return this; }
    public TestKeys name(String value) { name = value; return this; }
    public TestKeys description(String value) { description = value; return this; }
    public TestKeys enabled(boolean value) { enabled = value; return this; }
    public TestKeys scopes(String... values) { scopes = List.of(values); return this; }
    public TestKeys roles(String... values) { roles = List.of(values); return this; }
    public TestKeys audiences(String... values) { audiences = List.of(values); return this; }
    public TestKeys allowedIps(AllowedIps value) { allowedIps = value; return this; }
    public TestKeys rateLimit(RateLimit value) { rateLimit = value; return this; }
    public TestKeys quota(Quota value) { quota = value; return this; }
    public TestKeys lineage(String value) { lineageId = value; return this; }
    public TestKeys tokenLifespanSeconds(Integer value) { tokenLifespanSeconds = value; return this; }
    public TestKeys attributes(Map<String, String> value) { attributes = value; return this; }
    public TestKeys expires(Long value) { expiresTimestamp = value; return this; }
    public TestKeys revoked(Long value) { revokedTimestamp = value; return this; }

    public StoredApiKey build() {
        return new StoredApiKey(id, 1, realmId, clientUuid, hash, "kcak_0123456", name, description, enabled, scopes,
                roles, audiences, allowedIps, rateLimit, quota, tokenLifespanSeconds, attributes, 1L, "admin",
                expiresTimestamp, null, null, revokedTimestamp, null,
                lineageId == null ? id : lineageId, revokedTimestamp == null ? null : "ADMIN", null, false, List.of(), null);
    }
}
