package io.apikeys.keycloak.limit;

/**
 * Where a quota period's count starts when the cluster holds none (after the whole cluster restarted): the accepted
 * uses already written for the key's lineage since the period began. A database read: never called under a lock.
 */
public interface UsageHistory {

    int acceptedSince(String lineageId, long fromMillis);
}
