package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A realm's key policy, {@code GET/PUT /admin/realms/{realm}/api-keys/settings}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ApiKeySettingsRepresentation {

    private Boolean requireExpiry;
    private Long maxLifetimeSeconds;
    private Integer defaultTokenLifespanSeconds;
    private Integer maxTokenLifespanSeconds;
    private Integer maxKeysPerClient;
    private String keyPrefix;
    private Integer usageRetentionDays;
    private String leakedKeyAction;

    public Boolean getRequireExpiry() { return requireExpiry; }
    public void setRequireExpiry(Boolean requireExpiry) { this.requireExpiry = requireExpiry; }
    public Long getMaxLifetimeSeconds() { return maxLifetimeSeconds; }
    public void setMaxLifetimeSeconds(Long maxLifetimeSeconds) { this.maxLifetimeSeconds = maxLifetimeSeconds; }
    public Integer getDefaultTokenLifespanSeconds() { return defaultTokenLifespanSeconds; }
    public void setDefaultTokenLifespanSeconds(Integer seconds) { this.defaultTokenLifespanSeconds = seconds; }
    public Integer getMaxTokenLifespanSeconds() { return maxTokenLifespanSeconds; }
    public void setMaxTokenLifespanSeconds(Integer seconds) { this.maxTokenLifespanSeconds = seconds; }
    public Integer getMaxKeysPerClient() { return maxKeysPerClient; }
    public void setMaxKeysPerClient(Integer maxKeysPerClient) { this.maxKeysPerClient = maxKeysPerClient; }
    public String getKeyPrefix() { return keyPrefix; }
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
    /** Days the hourly usage of keys is kept (1 to 3650, default 90). */
    public Integer getUsageRetentionDays() { return usageRetentionDays; }
    public void setUsageRetentionDays(Integer days) { this.usageRetentionDays = days; }
    /** What happens to a key reported as leaked: {@code REVOKE} (default), {@code DISABLE} or {@code REPORT}. */
    public String getLeakedKeyAction() { return leakedKeyAction; }
    public void setLeakedKeyAction(String leakedKeyAction) { this.leakedKeyAction = leakedKeyAction; }
}
