package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.TestKeys;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

final class ApiKeyLookupCacheTest {

    private static final ApiKeyHash HEX_HASH = new ApiKeyHash("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

    private final ApiKeyLookupCache cache = new ApiKeyLookupCache(3, 2);

    @Test
    void returnsWhatWasPut() {
        StoredApiKey a = key("a", "realm-1");
        cache.put(a, cache.generation());
        assertThat(cache.get(h("a"))).isSameAs(a);
        assertThat(cache.get(h("b"))).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void evictsTheLeastRecentlyUsedKey() {
        put("a", "b", "c");
        assertThat(cache.get(h("a"))).isNotNull();
        put("d");
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(h("b"))).isNull();
        assertThat(cache.get(h("a"))).isNotNull();
        assertThat(cache.get(h("c"))).isNotNull();
        assertThat(cache.get(h("d"))).isNotNull();
    }

    @Test
    void ignoresAPutThatRacedWithAnEviction() {
        long loadedAt = cache.generation();
        cache.evict(List.of(h("a")));
        cache.put(key("a", "realm-1"), loadedAt);
        assertThat(cache.get(h("a"))).isNull();
        cache.put(key("a", "realm-1"), cache.generation());
        assertThat(cache.get(h("a"))).isNotNull();
    }

    @Test
    void aCachedKeyIsFoundByItsIdUntilItIsEvicted() {
        StoredApiKey a = key("a", "realm-1");
        cache.put(a, cache.generation());

        assertThat(cache.getById(a.id())).isSameAs(a);
        assertThat(cache.getById("another-id")).isNull();
        cache.evict(List.of(h("a")));
        assertThat(cache.getById(a.id())).as("a revoked or changed key is read again").isNull();
        cache.put(a, cache.generation());
        cache.clear();
        assertThat(cache.getById(a.id())).isNull();
    }

    @Test
    void evictRemovesOnlyTheNamedHashes() {
        put("a", "b", "c");
        cache.evict(List.of(h("a"), h("c"), h("unknown")));
        assertThat(cache.get(h("a"))).isNull();
        assertThat(cache.get(h("c"))).isNull();
        assertThat(cache.get(h("b"))).isNotNull();
    }

    @Test
    void evictRealmRemovesOnlyThatRealmsKeysAndGuardsPendingPuts() {
        cache.put(key("a", "realm-1"), cache.generation());
        cache.put(key("b", "realm-2"), cache.generation());
        long loadedAt = cache.generation();
        cache.evictRealm("realm-1");
        assertThat(cache.get(h("a"))).isNull();
        assertThat(cache.get(h("b"))).isNotNull();
        cache.put(key("c", "realm-1"), loadedAt);
        assertThat(cache.get(h("c"))).isNull();
    }

    @Test
    void negativeCacheIsBounded() {
        cache.markMissing(h("x"), cache.generation());
        cache.markMissing(h("y"), cache.generation());
        cache.markMissing(h("z"), cache.generation());
        assertThat(cache.missingSize()).isEqualTo(2);
        assertThat(cache.isKnownMissing(h("x"))).isFalse();
        assertThat(cache.isKnownMissing(h("z"))).isTrue();
    }

    @Test
    void aCreatedKeyIsNoLongerMissingEvenIfALookupRacedWithItsCreation() {
        ApiKeyHash hash = HEX_HASH;
        long loadedBeforeCreation = cache.generation();
        cache.markMissing(hash, cache.generation());
        cache.keysCreated(List.of(hash));
        assertThat(cache.isKnownMissing(hash)).isFalse();
        cache.markMissing(hash, loadedBeforeCreation);
        assertThat(cache.isKnownMissing(hash)).isFalse();
    }

    @Test
    void onceTheStoredHashesAreLoadedOthersAreMissingWithoutALookup() {
        ApiKeyHash other = new ApiKeyHash("f" + HEX_HASH.hex().substring(1));
        assertThat(cache.isKnownMissing(other)).as("before loading, every hash may exist").isFalse();
        readInFull(cache, HEX_HASH);
        assertThat(cache.isKnownMissing(HEX_HASH)).isFalse();
        assertThat(cache.isKnownMissing(other)).isTrue();
        cache.keysCreated(List.of(other));
        assertThat(cache.isKnownMissing(other)).isFalse();
    }

    @Test
    void clearForgetsCachedKeysButKeepsRefusingUnknownHashesUntilAFullReadReplacesThem() {
        readInFull(cache, HEX_HASH, h("x"));
        put("a");
        cache.markMissing(h("x"), cache.generation());
        ApiKeyHash other = new ApiKeyHash("f" + HEX_HASH.hex().substring(1));
        long loadedBeforeClear = cache.generation();

        cache.clear();

        assertThat(cache.get(h("a"))).isNull();
        assertThat(cache.isKnownMissing(h("x"))).as("no longer remembered as missing").isFalse();
        assertThat(cache.isKnownMissing(other)).as("still refused: the flood protection stays on").isTrue();
        cache.put(key("a", "realm-1"), loadedBeforeClear);
        assertThat(cache.get(h("a"))).as("a load from before the clear").isNull();
        readInFull(cache, other);
        assertThat(cache.isKnownMissing(other)).isFalse();
        assertThat(cache.isKnownMissing(HEX_HASH)).as("gone from the database, gone from the table").isTrue();
    }

    private static void readInFull(ApiKeyLookupCache cache, ApiKeyHash... stored) {
        KnownKeyHashes known = cache.knownHashes();
        known.beginFullRead();
        SortedPrefixes.Builder table = SortedPrefixes.builder(stored.length);
        for (ApiKeyHash hash : stored) {
            table.add(hash.prefix64());
        }
        known.replace(table.build());
    }

    @Test
    void negativeCacheEvictsTheLeastRecentlyUsedHash() {
        cache.markMissing(h("x"), cache.generation());
        cache.markMissing(h("y"), cache.generation());
        assertThat(cache.isKnownMissing(h("x"))).isTrue();
        cache.markMissing(h("z"), cache.generation());
        assertThat(cache.isKnownMissing(h("x"))).isTrue();
        assertThat(cache.isKnownMissing(h("y"))).isFalse();
    }

    private void put(String... hashes) {
        for (String hash : hashes) {
            cache.put(key(hash, "realm-1"), cache.generation());
        }
    }

    private static StoredApiKey key(String hash, String realmId) {
        return TestKeys.named(hash, realmId);
    }

    private static ApiKeyHash h(String name) {
        return ApiKeyHash.of(name);
    }
}
