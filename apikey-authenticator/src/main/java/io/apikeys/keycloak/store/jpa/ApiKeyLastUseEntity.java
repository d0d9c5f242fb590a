package io.apikeys.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The last-use columns of {@code API_KEY}, alone: what {@link LastUsedRecorder} reads and writes in bulk. It has
 * no version, so recording a use never makes an admin's concurrent change fail; {@link ApiKeyEntity} in turn never
 * writes these columns, so an admin's change never moves them back.
 */
@Entity
@Table(name = "API_KEY")
@NamedQuery(name = "ApiKeyLastUse.byIds", query = "select u from ApiKeyLastUseEntity u where u.id in :ids")
@NamedQuery(name = "ApiKeyLastUse.existingIds", query = "select u.id from ApiKeyLastUseEntity u where u.id in :ids")
public class ApiKeyLastUseEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "LAST_USED_TIMESTAMP")
    private Long lastUsedTimestamp;

    @Column(name = "LAST_USED_IP", length = 64)
    private String lastUsedIp;

    public String getId() {
        return id;
    }

    /** A use older than the stored one (recorded late, or by another node) must not move it back. */
    boolean isOlderThan(long timestamp) {
        return lastUsedTimestamp == null || lastUsedTimestamp < timestamp;
    }
}
