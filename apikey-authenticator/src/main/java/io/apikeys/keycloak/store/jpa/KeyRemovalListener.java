package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.store.ApiKeyStore;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/** Deletes the keys of a client or realm in the transaction that removes it, so that clients stay deletable. */
final class KeyRemovalListener implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed) {
            removed.getKeycloakSession().getProvider(ApiKeyStore.class)
                    .deleteClientKeys(removed.getClient().getRealm(), removed.getClient().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            removed.getKeycloakSession().getProvider(ApiKeyStore.class).deleteRealmKeys(removed.getRealm().getId());
        }
    }
}
