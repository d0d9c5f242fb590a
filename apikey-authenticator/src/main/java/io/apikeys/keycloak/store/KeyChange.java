package io.apikeys.keycloak.store;

import io.apikeys.keycloak.key.ApiKeyHash;

/**
 * One entry of the keys' changeset: a key created, changed or deleted, or (hash null) every key of a realm deleted.
 *
 * @param changedAt the writing node's clock when it wrote the change (the commit may come a little later)
 * @param version   the key's version after the change, null for a deletion: a node whose copy is at least that
 *                  recent (its cluster message came first) keeps it
 */
public record KeyChange(String id, long changedAt, String realmId, ApiKeyHash hash, Integer version, boolean created) {

    /** How long a change is kept: far longer than any node's reading of the changes may lag. */
    public static final long KEPT_MILLIS = 3_600_000;
}
