package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import static org.assertj.core.api.Assertions.assertThat;

import io.apikeys.keycloak.key.AllowedIps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ApiKeyLookupCacheTest {

    private static final String HEX_HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private final ApiKeyLookupCache cache = new ApiKeyLookupCache(3, 2);

    @Test
    void returnsWhatWasPut() {
        StoredApiKey a = key("a", "realm-1");
        cache.put(a, cache.generation());
        assertThat(cache.get("a")).isSameAs(a);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void evictsTheLeastRecentlyUsedKey() {
        put("a", "b", "c");
        assertThat(cache.get("a")).isNotNull();
        put("d");
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
        assertThat(cache.get("d")).isNotNull();
    }

    @Test
    void ignoresAPutThatRacedWithAnEviction() {
        long loadedAt = cache.generation();
        cache.evict(List.of("a"));
        cache.put(key("a", "realm-1"), loadedAt);
        assertThat(cache.get("a")).isNull();
        cache.put(key("a", "realm-1"), cache.generation());
        assertThat(cache.get("a")).isNotNull();
    }

    @Test
    void evictRemovesOnlyTheNamedHashes() {
        put("a", "b", "c");
        cache.evict(List.of("a", "c", "unknown"));
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("c")).isNull();
        assertThat(cache.get("b")).isNotNull();
    }

    @Test
    void evictRealmRemovesOnlyThatRealmsKeysAndGuardsPendingPuts() {
        cache.put(key("a", "realm-1"), cache.generation());
        cache.put(key("b", "realm-2"), cache.generation());
        long loadedAt = cache.generation();
        cache.evictRealm("realm-1");
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNotNull();
        cache.put(key("c", "realm-1"), loadedAt);
        assertThat(cache.get("c")).isNull();
    }

    @Test
    void negativeCacheIsBounded() {
        cache.markMissing("x", cache.generation());
        cache.markMissing("y", cache.generation());
        cache.markMissing("z", cache.generation());
        assertThat(cache.missingSize()).isEqualTo(2);
        assertThat(cache.isKnownMissing("x")).isFalse();
        assertThat(cache.isKnownMissing("z")).isTrue();
    }

    @Test
    void aCreatedKeyIsNoLongerMissingEvenIfALookupRacedWithItsCreation() {
        String hash = HEX_HASH;
        long loadedBeforeCreation = cache.generation();
        cache.markMissing(hash, cache.generation());
        cache.keysCreated(List.of(hash));
        assertThat(cache.isKnownMissing(hash)).isFalse();
        cache.markMissing(hash, loadedBeforeCreation);
        assertThat(cache.isKnownMissing(hash)).isFalse();
    }

    @Test
    void onceTheStoredHashesAreLoadedOthersAreMissingWithoutALookup() {
        String other = "f" + HEX_HASH.substring(1);
        assertThat(cache.isKnownMissing(other)).as("before loading, every hash may exist").isFalse();
        cache.loadKnownHashes(List.of(HEX_HASH));
        assertThat(cache.isKnownMissing(HEX_HASH)).isFalse();
        assertThat(cache.isKnownMissing(other)).isTrue();
        cache.keysCreated(List.of(other));
        assertThat(cache.isKnownMissing(other)).isFalse();
    }

    @Test
    void clearForgetsEverythingAndStopsRefusingUnknownHashesUntilReloaded() {
        put("a");
        cache.markMissing("x", cache.generation());
        cache.loadKnownHashes(List.of(HEX_HASH));
        String other = "f" + HEX_HASH.substring(1);
        long loadedBeforeClear = cache.generation();

        cache.clear();

        assertThat(cache.get("a")).isNull();
        assertThat(cache.isKnownMissing("x")).isFalse();
        assertThat(cache.isKnownMissing(other)).as("the database may hold it").isFalse();
        cache.put(key("a", "realm-1"), loadedBeforeClear);
        assertThat(cache.get("a")).as("a load from before the clear").isNull();
        cache.loadKnownHashes(List.of(other));
        assertThat(cache.isKnownMissing(other)).isFalse();
        assertThat(cache.isKnownMissing("e" + HEX_HASH.substring(1))).isTrue();
    }

    @Test
    void negativeCacheEvictsTheLeastRecentlyUsedHash() {
        cache.markMissing("x", cache.generation());
        cache.markMissing("y", cache.generation());
        assertThat(cache.isKnownMissing("x")).isTrue();
        cache.markMissing("z", cache.generation());
        assertThat(cache.isKnownMissing("x")).isTrue();
        assertThat(cache.isKnownMissing("y")).isFalse();
    }

    private void put(String... hashes) {
        for (String hash : hashes) {
            cache.put(key(hash, "realm-1"), cache.generation());
        }
    }

    private static StoredApiKey key(String hash, String realmId) {
        return new StoredApiKey("id-" + hash, 1, realmId, "client-uuid", hash, "kcak_0123456", "name", null, true,
                List.of(), List.of(), List.of(), AllowedIps.ANY, null, null, Map.of(), 0L, "admin", null, null, null,
                null, null);
    }
}
