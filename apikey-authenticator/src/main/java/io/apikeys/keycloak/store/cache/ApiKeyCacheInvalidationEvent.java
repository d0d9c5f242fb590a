package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;
import org.infinispan.protostream.annotations.ProtoFactory;
import org.infinispan.protostream.annotations.ProtoField;
import org.keycloak.cluster.ClusterEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells the other nodes of a cluster to forget keys (some hashes, or every key of a realm) or that keys were created
 * (their hashes become known, see {@link KnownKeyHashes}). Marshalled with ProtoStream, as Keycloak 26 requires
 * for cluster events.
 */
public final class ApiKeyCacheInvalidationEvent implements ClusterEvent {

    private final String realmId;
    private final List<String> keyHashes;
    private final boolean wholeRealm;
    private final boolean keyCreated;

    @ProtoFactory
    public ApiKeyCacheInvalidationEvent(String realmId, List<String> keyHashes, boolean wholeRealm, boolean keyCreated) {
        this.realmId = realmId;
        this.keyHashes = keyHashes == null ? List.of() : List.copyOf(keyHashes);
        this.wholeRealm = wholeRealm;
        this.keyCreated = keyCreated;
    }

    public static ApiKeyCacheInvalidationEvent keys(String realmId, List<ApiKeyHash> hashes) {
        return new ApiKeyCacheInvalidationEvent(realmId, hashes.stream().map(ApiKeyHash::hex).toList(), false, false);
    }

    public static ApiKeyCacheInvalidationEvent realm(String realmId) {
        return new ApiKeyCacheInvalidationEvent(realmId, List.of(), true, false);
    }

    public static ApiKeyCacheInvalidationEvent created(String realmId, ApiKeyHash hash) {
        return new ApiKeyCacheInvalidationEvent(realmId, List.of(hash.hex()), false, true);
    }

    @ProtoField(1)
    public String getRealmId() {
        return realmId;
    }

    @ProtoField(number = 2, collectionImplementation = ArrayList.class)
    public List<String> getKeyHashes() {
        return keyHashes;
    }

    @ProtoField(number = 3, defaultValue = "false")
    public boolean isWholeRealm() {
        return wholeRealm;
    }

    @ProtoField(number = 4, defaultValue = "false")
    public boolean isKeyCreated() {
        return keyCreated;
    }

    void applyTo(ApiKeyLookupCache cache) {
        List<ApiKeyHash> keyHashes = this.keyHashes.stream().map(ApiKeyHash::new).toList();
        if (wholeRealm) {
            cache.evictRealm(realmId);
        }
        if (keyCreated) {
            cache.keysCreated(realmId, keyHashes);
        } else if (!keyHashes.isEmpty()) {
            cache.evict(keyHashes);
        }
    }
}
