package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.KeyChange;
import io.apikeys.keycloak.store.cache.ApiKeyCacheCoordinator;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads the keys' changeset ({@code API_KEY_CHANGE}) every {@code changePollSeconds} and applies what this node has
 * not applied yet: a new key's hash becomes known, a changed or deleted key is forgotten, a removed realm's keys too.
 * So a change reaches every node that shares the database within one interval, also when its cluster message is
 * lost or there is no cluster ({@code --cache=local}); the cluster message stays the faster path. One indexed query
 * per interval and node, whatever the number of keys.
 *
 * <p>Each read starts {@value #OVERLAP_SECONDS} s before the previous one began, for transactions that committed
 * after others with a later time and for nodes whose clocks differ; changes already applied (their ids are kept for
 * that long) are not applied twice. A node whose reads failed for longer than changes are kept forgets every key
 * and reads the known hashes in full ({@code onGap}), as after "Clear realm cache".
 */
final class ChangePoller {

    static final long OVERLAP_SECONDS = 60;
    private static final long OVERLAP_MILLIS = TimeUnit.SECONDS.toMillis(OVERLAP_SECONDS);
    private static final Logger LOG = Logger.getLogger(ChangePoller.class);

    /** What the last read did, for Server Info. */
    record Read(int changes, int applied, long millis, long finishedAt) {

        static final Read NONE = new Read(0, 0, 0, 0);

        @Override
        public String toString() {
            return "changes=" + changes + " applied=" + applied + " ms=" + millis + " at=" + finishedAt;
        }
    }

    private final ApiKeyCacheCoordinator coordinator;
    private final Runnable onGap;
    /** Keycloak's clock, the one that set {@code CHANGED_AT}. */
    private final LongSupplier clock;
    private final Map<String, Long> applied = new HashMap<>();
    private long readFrom;
    private boolean failing;
    private volatile Read lastRead = Read.NONE;

    ChangePoller(ApiKeyCacheCoordinator coordinator, Runnable onGap, LongSupplier clock) {
        this.coordinator = coordinator;
        this.onGap = onGap;
        this.clock = clock;
        this.readFrom = clock.getAsLong() - OVERLAP_MILLIS;
    }

    synchronized void poll(KeycloakSessionFactory factory) {
        long startedAt = clock.getAsLong();
        if (startedAt - readFrom >= KeyChange.KEPT_MILLIS) {
            LOG.warnf("API key changes were not read for %d s, longer than they are kept: forgetting every key",
                    (startedAt - readFrom) / 1000);
            onGap.run();
            applied.clear();
            readFrom = startedAt - OVERLAP_MILLIS;
            return;
        }
        List<KeyChange> changes;
        try {
            changes = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> session.getProvider(ApiKeyStore.class).changesSince(readFrom));
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("Could not read the API key changes, trying again in the next interval: %s", e.toString());
            }
            failing = true;
            return;
        }
        failing = false;
        lastRead = new Read(changes.size(), apply(changes), clock.getAsLong() - startedAt, clock.getAsLong());
        readFrom = startedAt - OVERLAP_MILLIS;
        applied.values().removeIf(changedAt -> changedAt < readFrom);
    }

    /** Applies the changes not applied before; how many. */
    int apply(List<KeyChange> changes) {
        int count = 0;
        for (KeyChange change : changes) {
            if (applied.putIfAbsent(change.id(), change.changedAt()) == null) {
                coordinator.applyLocally(change);
                count++;
            }
        }
        return count;
    }

    /** For Server Info. */
    String info() {
        return lastRead.toString();
    }
}
