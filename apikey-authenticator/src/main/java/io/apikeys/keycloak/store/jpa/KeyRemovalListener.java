package io.apikeys.keycloak.store.jpa;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

import java.util.function.Function;

/** Deletes the keys of a client or realm in the transaction that removes it, so that clients stay deletable. */
final class KeyRemovalListener implements ProviderEventListener {

    private final Function<KeycloakSession, JpaApiKeyStore> stores;

    KeyRemovalListener(Function<KeycloakSession, JpaApiKeyStore> stores) {
        this.stores = stores;
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed) {
            RealmModel realm = removed.getClient().getRealm();
            stores.apply(removed.getKeycloakSession()).deleteClientKeys(realm, removed.getClient().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            stores.apply(removed.getKeycloakSession()).deleteRealmKeys(removed.getRealm().getId());
        }
    }
}
