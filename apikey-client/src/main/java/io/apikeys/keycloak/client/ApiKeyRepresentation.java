package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * An API key as the REST API shows it. {@code key} is only set in the response that created the key (create or
 * rotate); {@code warnings} only when something would keep the key from working. Fields left null are omitted,
 * and omitted fields are left unchanged by an update.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ApiKeyRepresentation {

    private String id;
    private String clientId;
    private String name;
    private String description;
    private String start;
    private String status;
    private Boolean enabled;
    private List<String> scopes;
    private List<String> roles;
    private List<String> audiences;
    private List<String> allowedIps;
    private RateLimitRepresentation rateLimit;
    private QuotaRepresentation quota;
    private Integer tokenLifespanSeconds;
    private Map<String, String> attributes;
    private Long createdTimestamp;
    private String createdBy;
    private Long expiresTimestamp;
    private Long lastUsedTimestamp;
    private String lastUsedIp;
    private Long revokedTimestamp;
    private String rotatedFromId;
    private String revokedReason;
    private Boolean selfRotation;
    private List<String> contacts;
    private String type;
    private String userId;
    private String username;
    private String disabledReason;
    private String key;
    private List<String> warnings;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getStart() { return start; }
    public void setStart(String start) { this.start = start; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> scopes) { this.scopes = scopes; }
    public List<String> getRoles() { return roles; }
    public void setRoles(List<String> roles) { this.roles = roles; }
    public List<String> getAudiences() { return audiences; }
    public void setAudiences(List<String> audiences) { this.audiences = audiences; }
    public List<String> getAllowedIps() { return allowedIps; }
    public void setAllowedIps(List<String> allowedIps) { this.allowedIps = allowedIps; }
    public RateLimitRepresentation getRateLimit() { return rateLimit; }
    public void setRateLimit(RateLimitRepresentation rateLimit) { this.rateLimit = rateLimit; }
    /**
     * Accepted uses per UTC calendar day or month, counted across the cluster and shared with the keys this one was
     * rotated from or into; null (omitted) for none. An update with an explicit JSON {@code null} removes it.
     */
    public QuotaRepresentation getQuota() { return quota; }
    public void setQuota(QuotaRepresentation quota) { this.quota = quota; }
    /**
     * Lifetime in seconds of tokens minted from this key, if the key has its own; null (omitted) when its tokens
     * follow the realm's {@code defaultTokenLifespanSeconds}. An update with an explicit JSON {@code null} returns a
     * key to the realm default.
     */
    public Integer getTokenLifespanSeconds() { return tokenLifespanSeconds; }
    public void setTokenLifespanSeconds(Integer seconds) { this.tokenLifespanSeconds = seconds; }
    public Map<String, String> getAttributes() { return attributes; }
    public void setAttributes(Map<String, String> attributes) { this.attributes = attributes; }
    public Long getCreatedTimestamp() { return createdTimestamp; }
    public void setCreatedTimestamp(Long createdTimestamp) { this.createdTimestamp = createdTimestamp; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public Long getExpiresTimestamp() { return expiresTimestamp; }
    public void setExpiresTimestamp(Long expiresTimestamp) { this.expiresTimestamp = expiresTimestamp; }
    public Long getLastUsedTimestamp() { return lastUsedTimestamp; }
    public void setLastUsedTimestamp(Long lastUsedTimestamp) { this.lastUsedTimestamp = lastUsedTimestamp; }
    public String getLastUsedIp() { return lastUsedIp; }
    public void setLastUsedIp(String lastUsedIp) { this.lastUsedIp = lastUsedIp; }
    public Long getRevokedTimestamp() { return revokedTimestamp; }
    public void setRevokedTimestamp(Long revokedTimestamp) { this.revokedTimestamp = revokedTimestamp; }
    public String getRotatedFromId() { return rotatedFromId; }
    public void setRotatedFromId(String rotatedFromId) { this.rotatedFromId = rotatedFromId; }
    /** Whether the key may rotate itself ({@code POST /realms/{realm}/api-keys/self/rotate}); absent: false. */
    public Boolean getSelfRotation() { return selfRotation; }
    public void setSelfRotation(Boolean selfRotation) { this.selfRotation = selfRotation; }

    /** Up to 10 e-mail addresses told about the key's expiry and automatic actions (besides its creator). */
    public List<String> getContacts() { return contacts; }
    public void setContacts(List<String> contacts) { this.contacts = contacts; }

    /** {@code SERVICE} (a key of the client's service account) or {@code PERSONAL} (a key of a user). */
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }

    /** The user of a personal key (its id; on create, whom the key is for). */
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }

    /** The user of a personal key (read-only). */
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    /** Read-only: {@code ADMIN}, {@code LEAKED} or {@code REUSED} for a revoked key. */
    public String getRevokedReason() { return revokedReason; }
    public void setRevokedReason(String revokedReason) { this.revokedReason = revokedReason; }
    /** Read-only: {@code LEAKED} for a key a leak report disabled (cleared when enabled again). */
    public String getDisabledReason() { return disabledReason; }
    public void setDisabledReason(String disabledReason) { this.disabledReason = disabledReason; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public List<String> getWarnings() { return warnings; }
    public void setWarnings(List<String> warnings) { this.warnings = warnings; }
}
