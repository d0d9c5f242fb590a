package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.store.ApiKeyStore;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Deletes the keys of a client, a user (personal keys) or a realm in the transaction that removes it, so that clients
 * and users stay deletable and no key outlives its owner.
 */
final class KeyRemovalListener implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed) {
            removed.getKeycloakSession().getProvider(ApiKeyStore.class)
                    .deleteClientKeys(removed.getClient().getRealm(), removed.getClient().getId());
        } else if (event instanceof UserModel.UserRemovedEvent removed) {
            removed.getKeycloakSession().getProvider(ApiKeyStore.class)
                    .deleteUserKeys(removed.getRealm(), removed.getUser().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            removed.getKeycloakSession().getProvider(ApiKeyStore.class).deleteRealmKeys(removed.getRealm().getId());
        }
    }
}
