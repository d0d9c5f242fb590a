package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import io.apikeys.keycloak.store.cache.KnownKeyHashes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class KnownHashesReaderTest {

    private static final long T0 = 1_760_000_000_000L;

    private final AtomicLong now = new AtomicLong(T0);
    private final FakeTable table = new FakeTable();
    private final ApiKeyLookupCache cache = new ApiKeyLookupCache(10, 10);
    private final KnownKeyHashes known = cache.knownHashes();
    private final KnownHashesReader reader =
            new KnownHashesReader(known, new ApiKeyCacheCoordinator(cache, () -> { }, true), now::get);

    @Test
    void theFirstRefreshIsAFullRead() {
        ApiKeyHash stored = table.insert(T0 - 1_000_000);
        reader.refresh(table);

        assertThat(table.fullReads).isEqualTo(1);
        assertThat(known.mightContain(stored)).isTrue();
        assertThat(known.mightContain(hash())).isFalse();
    }

    @Test
    void laterRefreshesReadOnlyTheKeysCreatedSinceThePreviousReadBeganLessTheOverlap() {
        table.insert(T0 - 1_000_000);
        reader.readAll(table);
        advance(Duration.ofMinutes(10));
        ApiKeyHash missedMessage = table.insert(T0 + 1_000);
        ApiKeyHash committedLate = table.insert(T0 - Duration.ofMinutes(4).toMillis());

        reader.refresh(table);

        assertThat(table.fullReads).isEqualTo(1);
        assertThat(table.sinces).containsExactly(T0 - Duration.ofMinutes(5).toMillis());
        assertThat(table.lastRowsRead).as("only the new rows travel").isEqualTo(2);
        assertThat(known.mightContain(missedMessage)).isTrue();
        assertThat(known.mightContain(committedLate)).isTrue();

        long secondStart = now.get();
        advance(Duration.ofMinutes(10));
        reader.refresh(table);
        assertThat(table.sinces).last().isEqualTo(secondStart - Duration.ofMinutes(5).toMillis());
        assertThat(table.lastRowsRead).isZero();
        assertThat(reader.info().get("knownKeyHashesRefresh")).startsWith("rows=0 ");
    }

    @Test
    void onceADayARefreshReadsEverythingAgainAndForgetsDeletedKeys() {
        ApiKeyHash deleted = table.insert(T0 - 1_000);
        reader.readAll(table);
        table.rows.removeIf(row -> row.hash().equals(deleted));

        advance(Duration.ofHours(23));
        reader.refresh(table);
        assertThat(known.mightContain(deleted)).as("deleted keys stay known between full reads").isTrue();

        advance(Duration.ofHours(1));
        reader.refresh(table);
        assertThat(table.fullReads).isEqualTo(2);
        assertThat(known.mightContain(deleted)).isFalse();
        assertThat(reader.info()).containsEntry("knownKeyHashes", "0");
    }

    @Test
    void aFailedFullReadKeepsTheCurrentTable() {
        ApiKeyHash stored = table.insert(T0);
        reader.readAll(table);
        table.failing = true;

        assertThatThrownBy(() -> reader.readAll(table)).isInstanceOf(IllegalStateException.class);
        assertThat(known.mightContain(stored)).isTrue();
        assertThat(known.mightContain(hash())).isFalse();
        assertThat(reader.info()).containsEntry("knownKeyHashes", "1");
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toMillis());
    }

    private static ApiKeyHash hash() {
        return ApiKeyFormat.generate("kcak").hash();
    }

    private record Row(ApiKeyHash hash, long createdAt) {
    }

    /** The API_KEY table as the reader sees it. */
    private static final class FakeTable implements HashPrefixSource {

        final List<Row> rows = new ArrayList<>();
        final List<Long> sinces = new ArrayList<>();
        int fullReads;
        int lastRowsRead;
        boolean failing;

        ApiKeyHash insert(long createdAt) {
            ApiKeyHash hash = hash();
            rows.add(new Row(hash, createdAt));
            return hash;
        }

        @Override
        public long count() {
            return rows.size();
        }

        @Override
        public int forEachPrefix(LongConsumer sink) {
            fullReads++;
            if (failing) {
                rows.forEach(row -> sink.accept(row.hash().prefix64()));
                throw new IllegalStateException("connection lost");
            }
            return read(rows, sink);
        }

        @Override
        public int forEachPrefixCreatedSince(long since, LongConsumer sink) {
            sinces.add(since);
            return read(rows.stream().filter(row -> row.createdAt() >= since).toList(), sink);
        }

        private int read(List<Row> selected, LongConsumer sink) {
            selected.forEach(row -> sink.accept(ApiKeyHash.prefix64(row.hash().hex().substring(0, 16))));
            lastRowsRead = selected.size();
            return selected.size();
        }
    }
}
