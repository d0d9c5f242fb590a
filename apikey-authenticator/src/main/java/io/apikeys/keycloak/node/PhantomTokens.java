package io.apikeys.keycloak.node;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The phantom tokens this node minted for the check endpoint ({@code ?token=jwt}), one per key, so a busy key does
 * not mint a JWT per request. A token is handed out again while at least {@value #MIN_LIFETIME_LEFT_PERCENT} % of
 * its lifetime is left, for at most {@value #MAX_REUSE_SECONDS} s, and only for the same version of the key: an
 * update of the key's restrictions mints anew, and a change of the service account's roles (which no key version
 * records) reaches the backend within {@value #MAX_REUSE_SECONDS} s.
 * This cache never decides whether a key may be used; the check verifies the key on every request first, so a
 * revoked key is refused on the next call whatever token was kept for it.
 * Bounded at {@link #maxEntries}; when full of live tokens, new keys are minted without being kept.
 * Per node, owned by the node services ({@link DefaultNodeServicesFactory}), in Server Info and a metric.
 */
public final class PhantomTokens {

    static final int MIN_LIFETIME_LEFT_PERCENT = 20;
    static final int MAX_REUSE_SECONDS = 5;
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Entry(int keyVersion, String token, long reuseUntilSeconds) {
    }

    private final Map<String, Entry> byKeyId = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier nowSeconds;

    public PhantomTokens(int maxEntries, LongSupplier nowSeconds) {
        this.maxEntries = maxEntries;
        this.nowSeconds = nowSeconds;
    }

    /** A kept token for this version of the key that still has enough lifetime left. */
    public Optional<String> reusable(String keyId, int keyVersion) {
        Entry entry = byKeyId.get(keyId);
        if (entry == null || entry.keyVersion() != keyVersion || nowSeconds.getAsLong() > entry.reuseUntilSeconds()) {
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    /** Keeps a token just minted for this version of the key that lives {@code expiresInSeconds} from now. */
    public void keep(String keyId, int keyVersion, String token, long expiresInSeconds) {
        long now = nowSeconds.getAsLong();
        long reuseUntil = now + Math.min(MAX_REUSE_SECONDS, expiresInSeconds * (100 - MIN_LIFETIME_LEFT_PERCENT) / 100);
        if (byKeyId.size() >= maxEntries && !byKeyId.containsKey(keyId)) {
            byKeyId.values().removeIf(entry -> entry.reuseUntilSeconds() < now);
            if (byKeyId.size() >= maxEntries) {
                return;
            }
        }
        byKeyId.put(keyId, new Entry(keyVersion, token, reuseUntil));
    }

    public int size() {
        return byKeyId.size();
    }
}
