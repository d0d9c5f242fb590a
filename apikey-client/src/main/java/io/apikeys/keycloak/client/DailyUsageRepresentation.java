package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One row of {@code GET /admin/realms/{realm}/api-keys/usage}, the billing export: one key's uses on one UTC day.
 * Keys deleted since are included (until their usage is pruned); {@code clientId} and {@code name} are those
 * recorded with the uses.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"keyId", "clientId", "name", "day", "accepted", "refused"})
public class DailyUsageRepresentation {

    private String keyId;
    private String clientId;
    private String name;
    private String day;
    private long accepted;
    private long refused;

    public String getKeyId() { return keyId; }
    public void setKeyId(String keyId) { this.keyId = keyId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    /** The UTC day, {@code YYYY-MM-DD}. */
    public String getDay() { return day; }
    public void setDay(String day) { this.day = day; }
    public long getAccepted() { return accepted; }
    public void setAccepted(long accepted) { this.accepted = accepted; }
    public long getRefused() { return refused; }
    public void setRefused(long refused) { this.refused = refused; }
}
