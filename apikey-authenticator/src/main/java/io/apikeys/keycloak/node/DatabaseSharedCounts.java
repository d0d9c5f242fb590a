package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.SharedCounts;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.UsageStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The shared counts in the database ({@code API_KEY_WINDOW_COUNT}), for nodes that share nothing else: a row per
 * counter and window, taken from in batches, each batch one short transaction of its own (a locking read and an
 * update), never the request's. Batches are larger than the cluster's ({@code requests / 25}, at most
 * {@value #MAX_BATCH}), so an allowance of 100 or more per window costs at most one statement per two requests, and
 * one of 12,500 or more two statements per 500 uses. The price is the bound's: a node may hold up to
 * {@code batch - 1} uses the others cannot take, at most 4 % of such an allowance per other node.
 */
final class DatabaseSharedCounts implements SharedCounts {

    static final int MAX_BATCH = 500;
    private static final int ATTEMPTS = 3;

    private final KeycloakSessionFactory factory;

    DatabaseSharedCounts(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    /** Tried again when two nodes start the same window at once (one insert fails on the primary key). */
    @Override
    public Optional<Taken> take(Window window, int requests, int wanted, OptionalInt usedBefore, long nowMillis) {
        RuntimeException failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        session -> usage(session).takeUses(window, requests, wanted, usedBefore));
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        throw failure;
    }

    @Override
    public OptionalInt peek(Window window) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> usage(session).windowCount(window));
    }

    @Override
    public int batchSize(int requests) {
        return Math.max(1, Math.min(MAX_BATCH, requests / 25));
    }

    private static UsageStore usage(KeycloakSession session) {
        return session.getProvider(ApiKeyStore.class).usage();
    }
}
