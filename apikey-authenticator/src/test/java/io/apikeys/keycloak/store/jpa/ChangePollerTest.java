package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.store.KeyChange;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.TestKeys;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.ApiKeyLookupCache;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePollerTest {

    private static final long NOW = 1_800_000_000_000L;

    private final ApiKeyLookupCache cache = new ApiKeyLookupCache(100, 100);
    private final AtomicInteger gaps = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(NOW);
    private final ChangePoller poller = new ChangePoller(new ApiKeyCacheCoordinator(cache, () -> { }, true),
            gaps::incrementAndGet, clock::get);

    @Test
    void aChangedKeyIsForgottenOnceAndANewOneFoundAgain() {
        StoredApiKey revoked = cached("a", "realm-1");
        assertThat(cache.getOrLoad("realm-1", ApiKeyHash.of("new"), Optional::empty)).as("remembered missing").isEmpty();

        int applied = poller.apply(List.of(
                new KeyChange("c1", NOW, "realm-1", revoked.keyHash(), 2, false),
                new KeyChange("c2", NOW, "realm-1", ApiKeyHash.of("new"), 0, true)));

        assertThat(applied).isEqualTo(2);
        assertThat(cache.getIfPresent("realm-1", revoked.keyHash())).as("revoked elsewhere: read again").isEmpty();
        assertThat(cache.getOrLoad("realm-1", ApiKeyHash.of("new"), () -> Optional.of(TestKeys.named("new", "realm-1"))))
                .as("created elsewhere: no longer missing").isPresent();

        cached("a", "realm-1");
        assertThat(poller.apply(List.of(new KeyChange("c1", NOW, "realm-1", revoked.keyHash(), 2, false))))
                .as("a change read again in the overlap is not applied twice").isZero();
        assertThat(cache.getIfPresent("realm-1", revoked.keyHash())).isPresent();
    }

    /** The cluster message came first and the key was read again since: the poll has nothing to forget. */
    @Test
    void aCopyAlreadyAtTheChangedVersionIsKept() {
        StoredApiKey current = cached("a", "realm-1");

        poller.apply(List.of(new KeyChange("c1", NOW, "realm-1", current.keyHash(), current.version(), false)));
        assertThat(cache.getIfPresent("realm-1", current.keyHash())).isPresent();

        poller.apply(List.of(new KeyChange("c2", NOW, "realm-1", current.keyHash(), null, false)));
        assertThat(cache.getIfPresent("realm-1", current.keyHash())).as("deleted").isEmpty();
    }

    @Test
    void aRemovedRealmForgetsItsKeysOnly() {
        StoredApiKey gone = cached("a", "realm-1");
        StoredApiKey kept = cached("b", "realm-2");

        poller.apply(List.of(new KeyChange("c1", NOW, "realm-1", null, null, false)));

        assertThat(cache.getIfPresent("realm-1", gone.keyHash())).isEmpty();
        assertThat(cache.getIfPresent("realm-2", kept.keyHash())).isPresent();
    }

    @Test
    void readsThatLaggedLongerThanChangesAreKeptForgetEverything() {
        clock.set(NOW + KeyChange.KEPT_MILLIS);

        poller.poll(null);

        assertThat(gaps).hasValue(1);
    }

    private StoredApiKey cached(String name, String realmId) {
        StoredApiKey key = TestKeys.named(name, realmId);
        cache.getOrLoad(realmId, key.keyHash(), () -> Optional.of(key));
        return key;
    }
}
