package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyHash;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

final class KnownKeyHashesTest {

    private static final String REST_OF_HASH = "0".repeat(48);

    private final KnownKeyHashes known = new KnownKeyHashes();

    @Test
    void answersMaybeForEverythingUntilTheFirstFullRead() {
        assertThat(known.mightContain(hash())).isTrue();
        known.add(hash());
        assertThat(known.mightContain(hash())).isTrue();
        assertThat(known.isLoaded()).isFalse();
    }

    @Test
    void afterAFullReadKnowsExactlyTheReadAndCreatedHashes() {
        List<ApiKeyHash> stored = hashes(50_000);
        readInFull(stored);
        List<ApiKeyHash> created = hashes(20_000);
        created.forEach(known::add);

        assertThat(stored).allMatch(known::mightContain);
        assertThat(created).allMatch(known::mightContain);
        assertThat(known.size()).isEqualTo(70_000);
        assertThat(hashes(50_000).stream().filter(known::mightContain).count()).as("false maybes").isZero();
    }

    @Test
    void aFullReadKeepsTheHashesCreatedWhileItRanAndForgetsTheDeletedOnes() {
        ApiKeyHash deleted = hash();
        ApiKeyHash createdBefore = hash();
        readInFull(List.of(deleted));
        known.add(createdBefore);

        known.beginFullRead();
        ApiKeyHash createdDuring = hash();
        known.add(createdDuring);
        known.replace(table(List.of(createdBefore)));

        assertThat(known.mightContain(createdBefore)).as("committed before the read: in the table").isTrue();
        assertThat(known.mightContain(createdDuring)).as("not yet committed when read: kept").isTrue();
        assertThat(known.mightContain(deleted)).as("no longer stored").isFalse();
        assertThat(known.size()).isEqualTo(2);
    }

    @Test
    void aFailedFullReadLeavesTheCurrentTable() {
        ApiKeyHash stored = hash();
        readInFull(List.of(stored));
        known.beginFullRead();
        known.abandonFullRead();
        ApiKeyHash created = hash();
        known.add(created);

        assertThat(known.mightContain(stored)).isTrue();
        assertThat(known.mightContain(created)).isTrue();
        assertThat(known.mightContain(hash())).isFalse();
    }

    @Test
    void handlesTheAllZeroPrefixAndDuplicates() {
        ApiKeyHash zero = new ApiKeyHash("0000000000000000" + hash().hex().substring(16));
        readInFull(List.of(zero, zero));
        assertThat(known.mightContain(zero)).isTrue();
        assertThat(known.mightContain(hash())).isFalse();

        ApiKeyHash createdZero = new ApiKeyHash("0000000000000000" + hash().hex().substring(16));
        readInFull(List.of());
        known.add(createdZero);
        known.add(createdZero);
        assertThat(known.mightContain(createdZero)).isTrue();
        assertThat(known.size()).isEqualTo(1);
    }

    /**
     * Ten million stored prefixes in 80 MB (8 bytes each, no object per key); an unknown key matches one of them
     * with a chance of 10^7 / 2^64 (5 in 10^12), so ten million unknown keys give no false "maybe".
     */
    @Test
    void tenMillionPrefixesTakeEightBytesEachAndLetNoUnknownKeyThrough() {
        int count = 10_000_000;
        SplittableRandom random = new SplittableRandom(16);
        SortedPrefixes.Builder builder = SortedPrefixes.builder(count);
        long[] sample = new long[100_000];
        for (int i = 0; i < count; i++) {
            long prefix = random.nextLong();
            builder.add(prefix);
            if (i % 100 == 0) {
                sample[i / 100] = prefix;
            }
        }
        known.beginFullRead();
        known.replace(builder.build());

        assertThat(known.size()).isEqualTo(count);
        assertThat(known.bytes()).as("bytes").isLessThanOrEqualTo(8L * count + 16 * 1024);
        for (long prefix : sample) {
            assertThat(known.mightContain(withPrefix(prefix))).isTrue();
        }
        long falseMaybes = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (known.mightContain(withPrefix(random.nextLong()))) {
                falseMaybes++;
            }
        }
        long nanosPerLookup = (System.nanoTime() - started) / count;
        assertThat(falseMaybes).as("false maybes among 10M unknown keys").isZero();
        assertThat(nanosPerLookup).as("ns per lookup, with the hex of the hash").isLessThan(20_000);
    }

    private void readInFull(List<ApiKeyHash> stored) {
        known.beginFullRead();
        known.replace(table(stored));
    }

    private static SortedPrefixes table(List<ApiKeyHash> stored) {
        SortedPrefixes.Builder table = SortedPrefixes.builder(stored.size());
        stored.forEach(hash -> table.add(hash.prefix64()));
        return table.build();
    }

    private static ApiKeyHash withPrefix(long prefix) {
        return new ApiKeyHash(HexFormat.of().toHexDigits(prefix) + REST_OF_HASH);
    }

    private static List<ApiKeyHash> hashes(int count) {
        return IntStream.range(0, count).mapToObj(i -> hash()).toList();
    }

    private static ApiKeyHash hash() {
        return ApiKeyFormat.generate("kcak").hash();
    }
}
