package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A realm's policy for personal keys (the keys of a user), {@code personalKeys} of the realm settings: off by
 * default; a personal key needs {@code enabled}, a client listed in {@code clients}, and an expiry within
 * {@code maxLifetimeSeconds}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class PersonalKeysRepresentation {

    private Boolean enabled;
    private List<String> clients;
    private Long maxLifetimeSeconds;
    private Integer maxKeysPerUser;
    private String keyPrefix;

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }

    /** The clients whose tokens personal keys may mint (clientIds). */
    public List<String> getClients() { return clients; }
    public void setClients(List<String> clients) { this.clients = clients; }

    /** The longest a personal key may live from its creation (default 90 days). */
    public Long getMaxLifetimeSeconds() { return maxLifetimeSeconds; }
    public void setMaxLifetimeSeconds(Long maxLifetimeSeconds) { this.maxLifetimeSeconds = maxLifetimeSeconds; }

    /** Live personal keys per user (default 10). */
    public Integer getMaxKeysPerUser() { return maxKeysPerUser; }
    public void setMaxKeysPerUser(Integer maxKeysPerUser) { this.maxKeysPerUser = maxKeysPerUser; }

    /** The prefix of new personal keys (default {@code kcpk}), distinct from the service keys' {@code keyPrefix}. */
    public String getKeyPrefix() { return keyPrefix; }
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
}
