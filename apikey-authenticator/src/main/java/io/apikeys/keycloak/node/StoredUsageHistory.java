package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.UsageHistory;
import io.apikeys.keycloak.store.ApiKeyStore;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A quota period's start from the usage rows, in a transaction of its own (the request's may not be open yet). One
 * read per lineage and period for the whole cluster; uses not flushed when a node stopped without its shutdown
 * flush are missing.
 */
final class StoredUsageHistory implements UsageHistory {

    private final KeycloakSessionFactory factory;

    StoredUsageHistory(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public int acceptedSince(String lineageId, long fromMillis) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.getProvider(ApiKeyStore.class).usage().acceptedSince(lineageId, fromMillis));
    }
}
