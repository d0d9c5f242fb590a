package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

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
    private List<Integer> expiryNoticeDays;
    private Integer disableUnusedAfterDays;
    private PersonalKeysRepresentation personalKeys;

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

    /** Days before a key's expiry at which its contacts and creator get an e-mail (default 30, 7, 1; empty: none). */
    public List<Integer> getExpiryNoticeDays() { return expiryNoticeDays; }
    public void setExpiryNoticeDays(List<Integer> expiryNoticeDays) { this.expiryNoticeDays = expiryNoticeDays; }

    /** A key unused (or never used) for this many days is disabled ({@code disabledReason: UNUSED}); null: never. */
    public Integer getDisableUnusedAfterDays() { return disableUnusedAfterDays; }
    public void setDisableUnusedAfterDays(Integer disableUnusedAfterDays) { this.disableUnusedAfterDays = disableUnusedAfterDays; }

    /** The policy for personal keys, the keys of a user. */
    public PersonalKeysRepresentation getPersonalKeys() { return personalKeys; }
    public void setPersonalKeys(PersonalKeysRepresentation personalKeys) { this.personalKeys = personalKeys; }
}
