package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.limit.AllowanceDecision;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;

/**
 * The outcome of checking a presented key: accepted, refused (with a reason for the event), or over its rate limit
 * or quota.
 */
public sealed interface Verification {

    /** The key's id if the key was found, for the event; never the key itself. */
    String keyId();

    /** @param subject who the key acts for: its client's service account, or the user of a personal key */
    record Accepted(StoredApiKey key, ClientModel client, UserModel subject) implements Verification {
        @Override
        public String keyId() {
            return key.id();
        }
    }

    /** @param client the key's client when the key was found, else null */
    record Rejected(FailureReason reason, String keyId, ClientModel client) implements Verification {
    }

    record OverLimit(StoredApiKey key, ClientModel client, AllowanceDecision decision) implements Verification {
        @Override
        public String keyId() {
            return key.id();
        }
    }
}
