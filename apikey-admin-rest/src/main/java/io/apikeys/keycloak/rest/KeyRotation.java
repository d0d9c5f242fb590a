package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.RealmModel;

import java.util.function.BiConsumer;

/**
 * Rotation as the admin and the account API both do it: the grace period from the body (default 0), then an
 * {@code ACTION} admin event for the old key, now expiring, and a {@code CREATE} for the new one.
 */
public final class KeyRotation {

    private KeyRotation() {
    }

    /** @param adminEvent records an admin event; the callers differ only in who they name as its author */
    public static CreatedApiKey rotate(ApiKeyStore store, RealmModel realm, String id, String body, String actorId,
                                       BiConsumer<OperationType, StoredApiKey> adminEvent) {
        Long grace = JsonBody.parse(body).longValue("gracePeriodSeconds", 0L);
        CreatedApiKey created = store.rotate(realm, id, grace == null ? 0 : grace, actorId);
        adminEvent.accept(OperationType.ACTION, store.findById(realm, id).orElseThrow());
        adminEvent.accept(OperationType.CREATE, created.stored());
        return created;
    }
}
