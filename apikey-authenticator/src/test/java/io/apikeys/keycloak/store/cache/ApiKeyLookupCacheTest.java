package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.TestKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    void aKeyPresentedToAnotherRealmIsRememberedMissingThereOnly() {
        List<String> loads = new ArrayList<>();
        assertThat(cache.getOrLoad("realm-2", h("a"), () -> {
            loads.add("realm-2");
            return Optional.empty();
        })).isEmpty();
        assertThat(cache.getOrLoad("realm-1", h("a"), () -> {
            loads.add("realm-1");
            return Optional.of(key("a", "realm-1"));
        })).map(StoredApiKey::realmId).contains("realm-1");
        assertThat(cache.getOrLoad("realm-2", h("a"), () -> {
            loads.add("realm-2 again");
            return Optional.empty();
        })).as("the cached key of realm-1 is no key of realm-2").isEmpty();
        assertThat(loads).containsExactly("realm-2", "realm-1");
    }

    @Test
    void aLookupInMemoryOnlyRemembersNothing() {
        assertThat(cache.getIfPresent("realm-1", h("a"))).isEmpty();
        assertThat(cache.getOrLoad("realm-1", h("a"), () -> Optional.of(key("a", "realm-1"))))
                .as("not remembered as missing by the memory-only lookup").isPresent();
        assertThat(cache.getIfPresent("realm-1", h("a"))).isPresent();
        assertThat(cache.getIfPresent("realm-2", h("a"))).isEmpty();
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
        cache.markMissing("realm-1", h("x"), cache.generation());
        cache.markMissing("realm-1", h("y"), cache.generation());
        cache.markMissing("realm-1", h("z"), cache.generation());
        assertThat(cache.missingSize()).isEqualTo(2);
        assertThat(cache.isKnownMissing("realm-1", h("x"))).isFalse();
        assertThat(cache.isKnownMissing("realm-1", h("z"))).isTrue();
    }

    @Test
    void aCreatedKeyIsNoLongerMissingEvenIfALookupRacedWithItsCreation() {
        ApiKeyHash hash = HEX_HASH;
        long loadedBeforeCreation = cache.generation();
        cache.markMissing("realm-1", hash, cache.generation());
        cache.keysCreated("realm-1", List.of(hash));
        assertThat(cache.isKnownMissing("realm-1", hash)).isFalse();
        cache.markMissing("realm-1", hash, loadedBeforeCreation);
        assertThat(cache.isKnownMissing("realm-1", hash)).isFalse();
    }

    @Test
    void onceTheStoredHashesAreLoadedOthersAreMissingWithoutALookup() {
        ApiKeyHash other = new ApiKeyHash("f" + HEX_HASH.hex().substring(1));
        assertThat(cache.isKnownMissing("realm-1", other)).as("before loading, every hash may exist").isFalse();
        readInFull(cache, HEX_HASH);
        assertThat(cache.isKnownMissing("realm-1", HEX_HASH)).isFalse();
        assertThat(cache.isKnownMissing("realm-1", other)).isTrue();
        cache.keysCreated("realm-1", List.of(other));
        assertThat(cache.isKnownMissing("realm-1", other)).isFalse();
    }

    @Test
    void clearForgetsCachedKeysButKeepsRefusingUnknownHashesUntilAFullReadReplacesThem() {
        readInFull(cache, HEX_HASH, h("x"));
        put("a");
        cache.markMissing("realm-1", h("x"), cache.generation());
        ApiKeyHash other = new ApiKeyHash("f" + HEX_HASH.hex().substring(1));
        long loadedBeforeClear = cache.generation();

        cache.clear();

        assertThat(cache.get(h("a"))).isNull();
        assertThat(cache.isKnownMissing("realm-1", h("x"))).as("no longer remembered as missing").isFalse();
        assertThat(cache.isKnownMissing("realm-1", other)).as("still refused: the flood protection stays on").isTrue();
        cache.put(key("a", "realm-1"), loadedBeforeClear);
        assertThat(cache.get(h("a"))).as("a load from before the clear").isNull();
        readInFull(cache, other);
        assertThat(cache.isKnownMissing("realm-1", other)).isFalse();
        assertThat(cache.isKnownMissing("realm-1", HEX_HASH)).as("gone from the database, gone from the table").isTrue();
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
        cache.markMissing("realm-1", h("x"), cache.generation());
        cache.markMissing("realm-1", h("y"), cache.generation());
        assertThat(cache.isKnownMissing("realm-1", h("x"))).isTrue();
        cache.markMissing("realm-1", h("z"), cache.generation());
        assertThat(cache.isKnownMissing("realm-1", h("x"))).isTrue();
        assertThat(cache.isKnownMissing("realm-1", h("y"))).isFalse();
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
