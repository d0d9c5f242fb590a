package io.apikeys.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * {@code API_KEY_CHANGE}: one change of a key (or of every key of a realm), written in the transaction that makes
 * it, read by every node's {@link ChangePoller}. Never updated; deleted after {@link ChangePoller#KEPT_MILLIS}.
 */
@Entity
@Table(name = "API_KEY_CHANGE")
@NamedQuery(name = "ApiKeyChange.since", query = "select c from ApiKeyChangeEntity c where c.changedAt >= :from")
@NamedQuery(name = "ApiKeyChange.prune", query = "delete from ApiKeyChangeEntity c where c.changedAt < :before")
public class ApiKeyChangeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CHANGED_AT", nullable = false)
    private long changedAt;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Null: every key of the realm (it was removed). */
    @Column(name = "KEY_HASH", length = 64)
    private String keyHash;

    /** The key's version after the change; null for a deletion. */
    @Column(name = "KEY_VERSION")
    private Integer keyVersion;

    /** A new key (its hash becomes known) rather than a changed or deleted one (forgotten). */
    @Column(name = "CREATED", nullable = false)
    private boolean created;

    public ApiKeyChangeEntity() {
    }

    ApiKeyChangeEntity(String id, long changedAt, String realmId, String keyHash, Integer keyVersion, boolean created) {
        this.id = id;
        this.changedAt = changedAt;
        this.realmId = realmId;
        this.keyHash = keyHash;
        this.keyVersion = keyVersion;
        this.created = created;
    }

    public String getId() {
        return id;
    }

    public long getChangedAt() {
        return changedAt;
    }

    public String getRealmId() {
        return realmId;
    }

    public String getKeyHash() {
        return keyHash;
    }

    public Integer getKeyVersion() {
        return keyVersion;
    }

    public boolean isCreated() {
        return created;
    }
}
