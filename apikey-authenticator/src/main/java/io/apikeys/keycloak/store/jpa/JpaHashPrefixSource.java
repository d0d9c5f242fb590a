package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKeyHash;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Reads hash prefixes with a JDBC fetch size, so that a full read of ten million keys holds one batch of rows at a
 * time instead of all of them. Only the first {@value ApiKeyHash#PREFIX_HEX_CHARS} hex characters of
 * {@code KEY_HASH} travel (no column of its own: no second write per key, no migration of existing rows).
 */
final class JpaHashPrefixSource implements HashPrefixSource {

    static final int FETCH_SIZE = 10_000;
    private static final String HINT_FETCH_SIZE = "org.hibernate.fetchSize";
    private static final String HINT_READ_ONLY = "org.hibernate.readOnly";

    private final EntityManager em;

    JpaHashPrefixSource(EntityManager em) {
        this.em = em;
    }

    @Override
    public long count() {
        return em.createNamedQuery("ApiKey.count", Long.class).getSingleResult();
    }

    @Override
    public int forEachPrefix(LongConsumer sink) {
        return stream(em.createNamedQuery("ApiKey.allHashPrefixes", String.class), sink);
    }

    @Override
    public int forEachPrefixCreatedSince(long since, LongConsumer sink) {
        return stream(em.createNamedQuery("ApiKey.hashPrefixesCreatedSince", String.class)
                .setParameter("since", since), sink);
    }

    private static int stream(TypedQuery<String> query, LongConsumer sink) {
        int[] rows = {0};
        try (Stream<String> prefixes = query.setHint(HINT_FETCH_SIZE, FETCH_SIZE).setHint(HINT_READ_ONLY, true)
                .getResultStream()) {
            prefixes.forEach(hex -> {
                sink.accept(ApiKeyHash.prefix64(hex));
                rows[0]++;
            });
        }
        return rows[0];
    }
}
