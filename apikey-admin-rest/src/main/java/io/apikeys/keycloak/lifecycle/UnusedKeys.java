package io.apikeys.keycloak.lifecycle;

import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.rest.KeyAdminEvents;
import io.apikeys.keycloak.store.ApiKeyConflictException;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Disables the keys nobody used for their realm's {@code disableUnusedAfterDays} ({@code disabledReason: UNUSED}):
 * created, last used and last enabled again before that many days ago. Each key in a transaction of its own, so that
 * a key changed meanwhile (on any node) is skipped, not the rest. Enabling the key again is an ordinary update, and
 * its clock starts again then.
 */
final class UnusedKeys {

    static final String REASON_DETAIL = "reason";
    private static final Logger LOG = Logger.getLogger(UnusedKeys.class);

    private final KeycloakSessionFactory factory;

    UnusedKeys(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    /** One pass over every realm that has the setting; the number of keys disabled. */
    int run(long nowMillis) {
        record Found(String realmId, int days, List<String> keyIds) {
        }
        List<Found> found = KeycloakModelUtils.runJobInTransactionWithResult(factory, session ->
                session.realms().getRealmsStream()
                        .map(realm -> {
                            Integer days = RealmApiKeySettings.of(realm).disableUnusedAfterDays();
                            return days == null ? null : new Found(realm.getId(), days,
                                    session.getProvider(ApiKeyStore.class).unusedSince(realm,
                                            nowMillis - TimeUnit.DAYS.toMillis(days), nowMillis));
                        })
                        .filter(f -> f != null && !f.keyIds().isEmpty())
                        .toList());
        int disabled = 0;
        for (Found realmKeys : found) {
            for (String keyId : realmKeys.keyIds()) {
                try {
                    disabled += KeycloakModelUtils.runJobInTransactionWithResult(factory,
                            session -> disable(session, realmKeys.realmId(), keyId, realmKeys.days()));
                } catch (ApiKeyConflictException changedMeanwhile) {
                    LOG.debugf("API key %s changed while being disabled as unused; left as it is", keyId);
                }
            }
        }
        if (!found.isEmpty()) {
            LOG.debugf("Unused API keys: %d found in %d realms, %d disabled", found.stream()
                    .mapToInt(f -> f.keyIds().size()).sum(), found.size(), disabled);
        }
        return disabled;
    }

    private static int disable(KeycloakSession session, String realmId, String keyId, int days) {
        RealmModel realm = session.realms().getRealm(realmId);
        ApiKeyStore store = session.getProvider(ApiKeyStore.class);
        if (realm == null || store.findById(realm, keyId).filter(StoredApiKey::enabled).isEmpty()) {
            return 0;
        }
        session.getContext().setRealm(realm);
        StoredApiKey key = store.disable(realm, keyId, StoredApiKey.UNUSED);
        Map<String, String> facts = Map.of("days", String.valueOf(days));
        KeyAdminEvents.withoutAdmin(session, realm, OperationType.ACTION, key,
                Map.of(REASON_DETAIL, "unused", "unused_days", String.valueOf(days)));
        session.getProvider(KeyNotices.class).tellAfterCommit(realm, key, Notice.UNUSED, facts);
        session.getProvider(ApiKeyNodeServices.class).automaticAction(realm, "unused_disable");
        return 1;
    }
}
