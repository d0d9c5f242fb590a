package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.cache.KnownKeyHashes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

final class KnownKeyHashesTest {

    private final KnownKeyHashes known = new KnownKeyHashes();

    @Test
    void answersMaybeForEverythingUntilLoaded() {
        assertThat(known.mightContain(hash())).isTrue();
        known.add(hash());
        assertThat(known.mightContain(hash())).isTrue();
        assertThat(known.isLoaded()).isFalse();
    }

    @Test
    void afterLoadingKnowsExactlyTheLoadedAndAddedHashes() {
        List<ApiKeyHash> stored = IntStream.range(0, 50_000).mapToObj(i -> hash()).toList();
        known.load(stored);
        ApiKeyHash added = hash();
        known.add(added);

        assertThat(stored).allMatch(known::mightContain);
        assertThat(known.mightContain(added)).isTrue();
        assertThat(known.size()).isEqualTo(50_001);
        long falseMaybes = IntStream.range(0, 50_000).mapToObj(i -> hash()).filter(known::mightContain).count();
        assertThat(falseMaybes).isZero();
    }

    @Test
    void hashesAddedBeforeALoadStayKnown() {
        ApiKeyHash created = hash();
        known.add(created);
        known.load(List.of(hash()));
        assertThat(known.mightContain(created)).isTrue();
    }

    @Test
    void handlesTheAllZeroPrefixAndDuplicates() {
        ApiKeyHash zero = new ApiKeyHash("0000000000000000" + hash().hex().substring(16));
        known.load(List.of(zero, zero));
        assertThat(known.mightContain(zero)).isTrue();
        assertThat(known.mightContain(hash())).isFalse();
        assertThat(known.size()).isEqualTo(1);
    }

    private static ApiKeyHash hash() {
        return ApiKeyFormat.generate("kcak").hash();
    }
}
