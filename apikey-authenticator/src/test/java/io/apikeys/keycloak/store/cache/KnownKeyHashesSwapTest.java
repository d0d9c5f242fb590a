package io.apikeys.keycloak.store.cache;

import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyHash;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Clear realm cache" and a full read of the stored hashes under concurrent lookups: no lookup waits for the read,
 * no stored key is refused and no unknown key is let through to the database at any moment. (Before issue 16 the
 * clear emptied the table until the read ended, and the read held the lock that every lookup takes: on that code
 * this test fails on both counts.)
 */
final class KnownKeyHashesSwapTest {

    private final ApiKeyLookupCache cache = new ApiKeyLookupCache(10, 10);
    private final KnownKeyHashes known = cache.knownHashes();

    @Test
    void lookupsDuringAClearAndFullReadNeitherWaitNorChangeTheirAnswer() throws Exception {
        List<ApiKeyHash> stored = hashes(20_000);
        readInFull(stored);
        List<ApiKeyHash> unknown = hashes(1_000);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong lookups = new AtomicLong();
        AtomicLong wrongAnswers = new AtomicLong();
        List<Thread> threads = IntStream.range(0, 2).mapToObj(t -> Thread.ofPlatform().start(() -> {
            for (int i = 0; reading.get(); i++) {
                boolean unknownRefused = cache.isKnownMissing("realm-1", unknown.get(i % unknown.size()));
                boolean storedMaybe = !cache.isKnownMissing("realm-1", stored.get(i % stored.size()));
                lookups.incrementAndGet();
                if (!unknownRefused || !storedMaybe) {
                    wrongAnswers.incrementAndGet();
                }
            }
        })).toList();

        cache.clear();
        known.beginFullRead();
        ApiKeyHash createdDuringTheRead = ApiKeyFormat.generate("kcak").hash();
        SortedPrefixes.Builder table = SortedPrefixes.builder(stored.size());
        boolean lookupsWentOn = true;
        for (int i = 0; i < stored.size(); i++) {
            table.add(stored.get(i).prefix64());
            if (i == stored.size() / 2) {
                cache.keysCreated("realm-1", List.of(createdDuringTheRead));
                lookupsWentOn = lookupsContinue(lookups);
            }
        }
        known.replace(table.build());
        reading.set(false);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(lookupsWentOn).as("lookups went on while the read was half done").isTrue();
        assertThat(wrongAnswers.get()).as("unknown keys let through or stored keys refused").isZero();
        assertThat(cache.isKnownMissing("realm-1", createdDuringTheRead)).as("a key created during the read").isFalse();
    }

    /** Halfway through the read (a database read of ten million rows takes seconds), lookups must not wait for it. */
    private static boolean lookupsContinue(AtomicLong lookups) throws InterruptedException {
        long before = lookups.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lookups.get() < before + 10_000 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return lookups.get() >= before + 10_000;
    }

    private void readInFull(List<ApiKeyHash> stored) {
        known.beginFullRead();
        SortedPrefixes.Builder table = SortedPrefixes.builder(stored.size());
        stored.forEach(hash -> table.add(hash.prefix64()));
        known.replace(table.build());
    }

    private static List<ApiKeyHash> hashes(int count) {
        return IntStream.range(0, count).mapToObj(i -> ApiKeyFormat.generate("kcak").hash()).toList();
    }
}
