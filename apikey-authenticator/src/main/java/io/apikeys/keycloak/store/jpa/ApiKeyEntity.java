package io.apikeys.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One row of {@code API_KEY}. The key itself is never stored: only its SHA-256 ({@code KEY_HASH}, unique) and the
 * displayable start. List-valued settings are JSON text, which behaves the same on H2, PostgreSQL and MariaDB and
 * keeps a key to one row (one read on a cache miss). {@code CREATED_TIMESTAMP} is indexed: each node's periodic
 * refresh of the known hashes reads only the keys created since its previous read.
 */
@Entity
@Table(name = "API_KEY")
@NamedQueries({
        @NamedQuery(name = "ApiKey.byHash", query = "select k from ApiKeyEntity k where k.keyHash = :hash"),
        @NamedQuery(name = "ApiKey.deleteByClient",
                query = "delete from ApiKeyEntity k where k.realmId = :realmId and k.clientId = :clientId"),
        @NamedQuery(name = "ApiKey.hashesByUser",
                query = "select k.keyHash from ApiKeyEntity k where k.realmId = :realmId and k.userId = :userId"),
        @NamedQuery(name = "ApiKey.deleteByUser",
                query = "delete from ApiKeyEntity k where k.realmId = :realmId and k.userId = :userId"),
        @NamedQuery(name = "ApiKey.deleteByRealm", query = "delete from ApiKeyEntity k where k.realmId = :realmId"),
        @NamedQuery(name = "ApiKey.revoke", query = "update ApiKeyEntity k set k.revokedTimestamp = :now,"
                + " k.revokedReason = :reason, k.version = k.version + 1 where k.id = :id and k.revokedTimestamp is null"),
        @NamedQuery(name = "ApiKey.successors", query = "select k.id from ApiKeyEntity k where k.rotatedFromId = :id"),
        @NamedQuery(name = "ApiKey.byLineage", query = "select k from ApiKeyEntity k where k.realmId = :realmId"
                + " and (k.lineageId = :lineageId or k.id = :lineageId) order by k.createdTimestamp, k.id"),
        @NamedQuery(name = "ApiKey.count", query = "select count(k) from ApiKeyEntity k"),
        @NamedQuery(name = "ApiKey.allHashPrefixes", query = "select substring(k.keyHash, 1, 16) from ApiKeyEntity k"),
        @NamedQuery(name = "ApiKey.hashPrefixesCreatedSince", query = "select substring(k.keyHash, 1, 16)"
                + " from ApiKeyEntity k where k.createdTimestamp >= :since"),
        @NamedQuery(name = "ApiKey.hashesByClient",
                query = "select k.keyHash from ApiKeyEntity k where k.realmId = :realmId and k.clientId = :clientId"),
        @NamedQuery(name = "ApiKey.expiring", query = "select k.realmId, k.id, k.expiresTimestamp, k.expiryNoticeDays"
                + " from ApiKeyEntity k where k.expiresTimestamp > :now and k.expiresTimestamp <= :until"
                + " and k.enabled = true and k.revokedTimestamp is null"
                + " and not exists (select s.id from ApiKeyEntity s where s.rotatedFromId = k.id)"),
        @NamedQuery(name = "ApiKey.claimExpiryNotice", query = "update ApiKeyEntity k set k.expiryNoticeDays = :days"
                + " where k.id = :id and k.expiresTimestamp = :expires"
                + " and (k.expiryNoticeDays is null or k.expiryNoticeDays > :days)"),
        @NamedQuery(name = "ApiKey.releaseExpiryNotice", query = "update ApiKeyEntity k set k.expiryNoticeDays = :previous"
                + " where k.id = :id and k.expiryNoticeDays = :days"),
        @NamedQuery(name = "ApiKey.resetExpiryNotice",
                query = "update ApiKeyEntity k set k.expiryNoticeDays = null where k.id = :id"),
        @NamedQuery(name = "ApiKey.unusedSince", query = "select k.id from ApiKeyEntity k where k.realmId = :realmId"
                + " and k.enabled = true and k.revokedTimestamp is null"
                + " and (k.expiresTimestamp is null or k.expiresTimestamp > :now)"
                + " and k.createdTimestamp < :cutoff and (k.lastUsedTimestamp is null or k.lastUsedTimestamp < :cutoff)"
                + " and (k.enabledTimestamp is null or k.enabledTimestamp < :cutoff)")
})
public class ApiKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Version
    @Column(name = "VERSION")
    private int version;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Keycloak's internal id of the client (not its clientId). */
    @Column(name = "CLIENT_ID", length = 36, nullable = false)
    private String clientId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "DESCRIPTION", length = 2000)
    private String description;

    @Column(name = "KEY_HASH", length = 64, nullable = false, unique = true)
    private String keyHash;

    @Column(name = "KEY_START", length = 32, nullable = false)
    private String keyStart;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "SCOPES")
    private String scopes;

    @Column(name = "ROLES")
    private String roles;

    @Column(name = "AUDIENCES")
    private String audiences;

    @Column(name = "ALLOWED_IPS")
    private String allowedIps;

    @Column(name = "ATTRIBUTES")
    private String attributes;

    @Column(name = "RATE_LIMIT_REQUESTS")
    private Integer rateLimitRequests;

    @Column(name = "RATE_LIMIT_WINDOW")
    private Integer rateLimitWindowSeconds;

    @Column(name = "QUOTA_REQUESTS")
    private Integer quotaRequests;

    @Column(name = "QUOTA_PERIOD", length = 8)
    private String quotaPeriod;

    /** The first key of the rotation chain; null for keys created before the column, which are their own. */
    @Column(name = "LINEAGE_ID", length = 36)
    private String lineageId;

    @Column(name = "TOKEN_LIFESPAN")
    private Integer tokenLifespanSeconds;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    @Column(name = "EXPIRES_TIMESTAMP")
    private Long expiresTimestamp;

    /** Written only by {@link ApiKeyLastUseEntity}, so that saving a key never moves its last use back. */
    @Column(name = "LAST_USED_TIMESTAMP", insertable = false, updatable = false)
    private Long lastUsedTimestamp;

    @Column(name = "LAST_USED_IP", length = 64, insertable = false, updatable = false)
    private String lastUsedIp;

    @Column(name = "REVOKED_TIMESTAMP")
    private Long revokedTimestamp;

    @Column(name = "REVOKED_REASON", length = 16)
    private String revokedReason;

    @Column(name = "DISABLED_REASON", length = 16)
    private String disabledReason;

    @Column(name = "SELF_ROTATION", nullable = false)
    private boolean selfRotation;

    /** The user of a personal key; null for a key of the client's service account. */
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "CONTACTS", length = 2600)
    private String contacts;

    /** Written only by the named queries, so that saving a key never undoes a notice another node claimed. */
    @Column(name = "EXPIRY_NOTICE_DAYS", insertable = false, updatable = false)
    private Integer expiryNoticeDays;

    @Column(name = "ENABLED_TIMESTAMP")
    private Long enabledTimestamp;

    @Column(name = "ROTATED_FROM_ID", length = 36)
    private String rotatedFromId;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public int getVersion() { return version; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getKeyHash() { return keyHash; }
    public void setKeyHash(String keyHash) { this.keyHash = keyHash; }
    public String getKeyStart() { return keyStart; }
    public void setKeyStart(String keyStart) { this.keyStart = keyStart; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getScopes() { return scopes; }
    public void setScopes(String scopes) { this.scopes = scopes; }
    public String getRoles() { return roles; }
    public void setRoles(String roles) { this.roles = roles; }
    public String getAudiences() { return audiences; }
    public void setAudiences(String audiences) { this.audiences = audiences; }
    public String getAllowedIps() { return allowedIps; }
    public void setAllowedIps(String allowedIps) { this.allowedIps = allowedIps; }
    public String getAttributes() { return attributes; }
    public void setAttributes(String attributes) { this.attributes = attributes; }
    public Integer getRateLimitRequests() { return rateLimitRequests; }
    public void setRateLimitRequests(Integer rateLimitRequests) { this.rateLimitRequests = rateLimitRequests; }
    public Integer getRateLimitWindowSeconds() { return rateLimitWindowSeconds; }
    public void setRateLimitWindowSeconds(Integer seconds) { this.rateLimitWindowSeconds = seconds; }
    public Integer getQuotaRequests() { return quotaRequests; }
    public void setQuotaRequests(Integer quotaRequests) { this.quotaRequests = quotaRequests; }
    public String getQuotaPeriod() { return quotaPeriod; }
    public void setQuotaPeriod(String quotaPeriod) { this.quotaPeriod = quotaPeriod; }
    public String getLineageId() { return lineageId; }
    public void setLineageId(String lineageId) { this.lineageId = lineageId; }
    public Integer getTokenLifespanSeconds() { return tokenLifespanSeconds; }
    public void setTokenLifespanSeconds(Integer seconds) { this.tokenLifespanSeconds = seconds; }
    public long getCreatedTimestamp() { return createdTimestamp; }
    public void setCreatedTimestamp(long createdTimestamp) { this.createdTimestamp = createdTimestamp; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public Long getExpiresTimestamp() { return expiresTimestamp; }
    public void setExpiresTimestamp(Long expiresTimestamp) { this.expiresTimestamp = expiresTimestamp; }
    public Long getLastUsedTimestamp() { return lastUsedTimestamp; }
    public String getLastUsedIp() { return lastUsedIp; }
    public String getRevokedReason() { return revokedReason; }
    public boolean isSelfRotation() { return selfRotation; }
    public void setSelfRotation(boolean selfRotation) { this.selfRotation = selfRotation; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getContacts() { return contacts; }
    public void setContacts(String contacts) { this.contacts = contacts; }
    public Integer getExpiryNoticeDays() { return expiryNoticeDays; }
    public Long getEnabledTimestamp() { return enabledTimestamp; }
    public void setEnabledTimestamp(Long enabledTimestamp) { this.enabledTimestamp = enabledTimestamp; }
    public String getDisabledReason() { return disabledReason; }
    public void setDisabledReason(String disabledReason) { this.disabledReason = disabledReason; }
    public Long getRevokedTimestamp() { return revokedTimestamp; }
    public void setRevokedTimestamp(Long revokedTimestamp) { this.revokedTimestamp = revokedTimestamp; }
    public String getRotatedFromId() { return rotatedFromId; }
    public void setRotatedFromId(String rotatedFromId) { this.rotatedFromId = rotatedFromId; }
}
