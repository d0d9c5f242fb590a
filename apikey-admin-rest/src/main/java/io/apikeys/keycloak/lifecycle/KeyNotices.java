package io.apikeys.keycloak.lifecycle;

import io.apikeys.keycloak.NodeTimer;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A session's way to tell a key's contacts and creator what happened to it: the e-mail goes once the session's
 * transaction has committed (a rolled-back change tells nobody), on Keycloak's executor, so that neither a request
 * nor a job waits for the mail server. Obtained with {@code session.getProvider(KeyNotices.class)}.
 */
public final class KeyNotices implements Provider {

    static final String EXECUTOR = "api-key-notices";

    private final KeycloakSession session;
    private final KeycloakSessionFactory factory;

    KeyNotices(KeycloakSession session, KeycloakSessionFactory factory) {
        this.session = session;
        this.factory = factory;
    }

    /**
     * Sends the e-mail for {@code notice} about {@code key} after this transaction commits.
     *
     * @param facts the notice's own template values ({@code days}, {@code source}, {@code url}, {@code action})
     */
    public void tellAfterCommit(RealmModel realm, StoredApiKey key, Notice notice, Map<String, String> facts) {
        tellAfterCommit(realm, key, notice, facts, null);
    }

    /**
     * As above; {@code undelivered} (if not null) runs in the mail job's own transaction when the e-mail went to no
     * recipient because every send failed (the mail server down, say), so that the caller can try again later.
     */
    void tellAfterCommit(RealmModel realm, StoredApiKey key, Notice notice, Map<String, String> facts,
                         Consumer<KeycloakSession> undelivered) {
        String realmId = realm.getId();
        String keyId = key.id();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                NodeTimer.soon(factory, EXECUTOR, () -> KeycloakModelUtils.runJobInTransaction(factory, mailSession -> {
                    if (new KeyMail(mailSession).send(realmId, keyId, notice, facts) && undelivered != null) {
                        undelivered.accept(mailSession);
                    }
                }));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    @Override
    public void close() {
    }
}
