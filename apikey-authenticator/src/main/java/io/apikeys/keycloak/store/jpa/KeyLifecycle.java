package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.policy.ApiKeyDraftValidator;
import io.apikeys.keycloak.policy.KeyLifecycleRules;
import io.apikeys.keycloak.policy.PersonalKeySettings;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.store.ApiKeyConflictException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.ClientEntity;
import org.keycloak.models.jpa.entities.UserEntity;

import java.util.Objects;

/**
 * Creating, changing and rotating a key: the realm's policy ({@link ApiKeyDraftValidator}, {@link KeyLifecycleRules})
 * applied under the client's lock, so that parallel requests on any node cannot exceed {@code maxKeysPerClient} or
 * rotate one key twice, and the new key generated. The rows themselves are {@link JpaApiKeyStore}'s.
 */
final class KeyLifecycle {

    private final KeycloakSession session;
    private final EntityManager em;
    private final JpaApiKeyStore rows;

    KeyLifecycle(KeycloakSession session, EntityManager em, JpaApiKeyStore rows) {
        this.session = session;
        this.em = em;
        this.rows = rows;
    }

    CreatedApiKey create(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy) {
        ApiKeyDraftValidator.requireServiceAccountClient(client);
        RealmApiKeySettings settings = RealmApiKeySettings.of(realm);
        long now = Time.currentTimeMillis();
        ApiKeyDraft valid = new ApiKeyDraftValidator(session, realm, settings).validate(draft, client, now, now);
        lockClient(client);
        KeyLifecycleRules.requireRoomForNewKey(settings, client.getClientId(), rows.countLiveKeys(realm, client, now));
        return insert(realm, client, valid, createdBy, now, settings.keyPrefix(), null);
    }

    /**
     * A personal key: personal keys on, the client listed for them, an expiry within their maximum lifetime, only
     * roles the user holds, and room under {@code maxKeysPerUser} (counted under the user's lock, as a client's keys
     * are under the client's).
     */
    CreatedApiKey createPersonal(RealmModel realm, ClientModel client, UserModel user, ApiKeyDraft draft,
                                 String createdBy) {
        PersonalKeySettings personal = PersonalKeySettings.of(realm);
        KeyLifecycleRules.requirePersonalKeysFor(personal, client.getClientId());
        long now = Time.currentTimeMillis();
        ApiKeyDraft valid = new ApiKeyDraftValidator(session, realm, RealmApiKeySettings.of(realm))
                .validatePersonal(draft, client, user, personal, now, now);
        em.find(UserEntity.class, user.getId(), LockModeType.PESSIMISTIC_WRITE);
        KeyLifecycleRules.requireRoomForPersonalKey(personal, user.getUsername(),
                rows.countLiveUserKeys(realm, user.getId(), now));
        ApiKey key = ApiKeyFormat.generate(personal.keyPrefix());
        return new CreatedApiKey(rows.insert(realm, client.getId(), user.getId(), key, valid, createdBy, now, null), key);
    }

    StoredApiKey update(RealmModel realm, String id, ApiKeyDraft draft) {
        ApiKeyEntity entity = rows.require(realm, id);
        ClientModel client = clientOf(realm, entity);
        long now = Time.currentTimeMillis();
        ApiKeyDraftValidator validator = new ApiKeyDraftValidator(session, realm, RealmApiKeySettings.of(realm));
        ApiKeyDraft valid;
        if (entity.getUserId() != null) {
            UserModel user = session.users().getUserById(realm, entity.getUserId());
            if (user == null) {
                throw new ApiKeyNotFoundException();
            }
            valid = validator.validatePersonal(draft, client, user, PersonalKeySettings.of(realm),
                    entity.getCreatedTimestamp(), now);
        } else {
            valid = validator.validate(draft, client, entity.getCreatedTimestamp(), now);
        }
        boolean newExpiry = !Objects.equals(valid.expiresTimestamp(), entity.getExpiresTimestamp());
        if (valid.enabled() && !entity.isEnabled()) {
            // Enabled again: its unused-key clock starts now, so it is not disabled as unused at the next check.
            entity.setEnabledTimestamp(now);
        }
        ApiKeyEntityMapper.applyDraft(valid, entity);
        StoredApiKey changed = rows.changed(entity);
        if (newExpiry) {
            rows.resetExpiryNotice(id);
        }
        return changed;
    }

    CreatedApiKey rotate(RealmModel realm, String id, long gracePeriodSeconds, String actor) {
        ApiKeyEntity old = rows.require(realm, id);
        long now = Time.currentTimeMillis();
        StoredApiKey previous = ApiKeyEntityMapper.toStored(old);
        ClientModel client = clientOf(realm, old);
        UserModel user = previous.personal() ? session.users().getUserById(realm, previous.userId()) : null;
        PersonalKeySettings personal = previous.personal() ? PersonalKeySettings.of(realm) : null;
        if (previous.personal()) {
            if (user == null) {
                throw new ApiKeyNotFoundException();
            }
            KeyLifecycleRules.requirePersonalKeysFor(personal, client.getClientId());
            em.find(UserEntity.class, user.getId(), LockModeType.PESSIMISTIC_WRITE);
        } else {
            ApiKeyDraftValidator.requireServiceAccountClient(client);
            lockClient(client);
        }
        // What was read before the lock may be stale: a rotation or update that committed meanwhile is a conflict
        // (409), found here rather than as a version mismatch later. A locking read, because MariaDB's REPEATABLE
        // READ snapshot would show a plain read the version from before the wait.
        em.refresh(old, LockModeType.PESSIMISTIC_WRITE);
        if (old.getVersion() != previous.version()) {
            throw new ApiKeyConflictException("the key was changed concurrently; read it again and retry");
        }
        RealmApiKeySettings settings = RealmApiKeySettings.of(realm);
        ApiKeyDraftValidator validator = new ApiKeyDraftValidator(session, realm, settings);
        ApiKeyDraft successor = previous.toDraft().withExpiresTimestamp(KeyLifecycleRules.successorExpiry(
                previous.expiresTimestamp(), previous.createdTimestamp(), now));
        ApiKeyDraft valid;
        if (user != null) {
            KeyLifecycleRules.requireRotatable(personal.maxKeysPerUser(), "user '" + user.getUsername() + "'",
                    previous.status(now), rows.hasSuccessor(id), gracePeriodSeconds,
                    rows.countLiveUserKeys(realm, user.getId(), now));
            valid = validator.validatePersonal(successor, client, user, personal, now, now);
        } else {
            KeyLifecycleRules.requireRotatable(settings, client.getClientId(), previous.status(now),
                    rows.hasSuccessor(id), gracePeriodSeconds, rows.countLiveKeys(realm, client, now));
            valid = validator.validate(successor, client, now, now);
        }
        old.setExpiresTimestamp(KeyLifecycleRules.replacedKeyExpiry(old.getExpiresTimestamp(), now, gracePeriodSeconds));
        rows.changed(old);
        return insert(realm, client, valid, actor, now, user != null ? personal.keyPrefix() : settings.keyPrefix(),
                previous);
    }

    /** A successor continues its predecessor's lineage, so that it goes on with the period's quota count. */
    private CreatedApiKey insert(RealmModel realm, ClientModel client, ApiKeyDraft draft, String createdBy, long now,
                                 String prefix, StoredApiKey rotatedFrom) {
        ApiKey key = ApiKeyFormat.generate(prefix);
        StoredApiKey stored = rows.insert(realm, client.getId(), rotatedFrom == null ? null : rotatedFrom.userId(), key,
                draft, createdBy, now, rotatedFrom);
        return new CreatedApiKey(stored, key);
    }

    /**
     * Serialises key creation and rotation per client (across nodes, in the database) so that parallel requests
     * cannot exceed {@code maxKeysPerClient} between the count and the insert.
     */
    private void lockClient(ClientModel client) {
        em.find(ClientEntity.class, client.getId(), LockModeType.PESSIMISTIC_WRITE);
    }

    private static ClientModel clientOf(RealmModel realm, ApiKeyEntity entity) {
        ClientModel client = realm.getClientById(entity.getClientId());
        if (client == null) {
            throw new ApiKeyNotFoundException();
        }
        return client;
    }
}
