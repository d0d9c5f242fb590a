package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import io.apikeys.keycloak.store.cache.KnownKeyHashes;
import io.apikeys.keycloak.store.cache.SortedPrefixes;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads the hashes of the stored keys into this node's {@link KnownKeyHashes}, so that a node which missed a cluster
 * message about a new key does not refuse that key for long.
 *
 * <ul>
 *   <li>A <em>full read</em> at startup, after "Clear realm cache" and once a day: every stored hash, streamed into a
 *       new table that replaces the current one when complete (it also forgets deleted keys).</li>
 *   <li>A <em>refresh</em> every {@link StoreOptions#knownHashesRefreshSeconds()} otherwise: only the keys created
 *       since the previous read began, less {@value #OVERLAP_MINUTES} minutes for transactions that committed late
 *       and for nodes whose clocks lag (an index on {@code CREATED_TIMESTAMP} finds them).</li>
 * </ul>
 * Listens to the cluster before reading, so no key created meanwhile is missed. One read at a time.
 */
final class KnownHashesReader {

    static final long OVERLAP_MINUTES = 5;
    static final long FULL_READ_HOURS = 24;
    private static final long OVERLAP_MILLIS = TimeUnit.MINUTES.toMillis(OVERLAP_MINUTES);
    private static final long FULL_READ_MILLIS = TimeUnit.HOURS.toMillis(FULL_READ_HOURS);
    private static final Logger LOG = Logger.getLogger(KnownHashesReader.class);

    /** What a read did, for Server Info and the benchmark. */
    record Read(int rows, long millis, long finishedAt) {

        static final Read NONE = new Read(0, 0, 0);

        @Override
        public String toString() {
            return "rows=" + rows + " ms=" + millis + " at=" + finishedAt;
        }
    }

    private final KnownKeyHashes known;
    private final ApiKeyCacheCoordinator coordinator;
    /** Keycloak's clock, the one that set {@code CREATED_TIMESTAMP}. */
    private final LongSupplier clock;
    private long readFrom;
    private long lastFullReadAt;
    private volatile Read lastFullRead = Read.NONE;
    private volatile Read lastRefresh = Read.NONE;

    KnownHashesReader(KnownKeyHashes known, ApiKeyCacheCoordinator coordinator, LongSupplier clock) {
        this.known = known;
        this.coordinator = coordinator;
        this.clock = clock;
    }

    /** At startup and after "Clear realm cache". */
    void readAll(KeycloakSessionFactory factory) {
        inTransaction(factory, this::readAll);
    }

    /** Periodically. */
    void refresh(KeycloakSessionFactory factory) {
        inTransaction(factory, this::refresh);
    }

    synchronized void refresh(HashPrefixSource source) {
        if (!known.isLoaded() || clock.getAsLong() - lastFullReadAt >= FULL_READ_MILLIS) {
            readAll(source);
            return;
        }
        long startedAt = clock.getAsLong();
        long started = System.nanoTime();
        int rows = source.forEachPrefixCreatedSince(readFrom, known::add);
        readFrom = startedAt - OVERLAP_MILLIS;
        lastRefresh = new Read(rows, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), clock.getAsLong());
        LOG.debugf("Known API key hashes refreshed: %s", lastRefresh);
    }

    synchronized void readAll(HashPrefixSource source) {
        long startedAt = clock.getAsLong();
        long started = System.nanoTime();
        known.beginFullRead();
        SortedPrefixes table;
        try {
            SortedPrefixes.Builder builder = SortedPrefixes.builder((int) Math.min(source.count(), Integer.MAX_VALUE - 64));
            source.forEachPrefix(builder::add);
            table = builder.build();
        } catch (RuntimeException e) {
            known.abandonFullRead();
            throw e;
        }
        known.replace(table);
        readFrom = startedAt - OVERLAP_MILLIS;
        lastFullReadAt = startedAt;
        lastFullRead = new Read(table.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                clock.getAsLong());
        LOG.debugf("Known API key hashes read in full: %s", lastFullRead);
    }

    /** For Server Info. */
    Map<String, String> info() {
        return Map.of(
                "knownKeyHashes", known.isLoaded() ? String.valueOf(known.size()) : "loading",
                "knownKeyHashesBytes", String.valueOf(known.bytes()),
                "knownKeyHashesFullRead", lastFullRead.toString(),
                "knownKeyHashesRefresh", lastRefresh.toString());
    }

    private void inTransaction(KeycloakSessionFactory factory, Consumer<HashPrefixSource> read) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                coordinator.listen(session);
                read.accept(new JpaHashPrefixSource(session.getProvider(JpaConnectionProvider.class).getEntityManager()));
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the stored API key hashes, the current ones stay until the next try: %s",
                    e.toString());
        }
    }
}
