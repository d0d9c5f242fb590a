package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code {"keyId", "requests", "period", "used", "periodStart", "periodEnd"}}: how much of its quota a key has used
 * in the current UTC period, counted for the key and the keys it was rotated from or into, as the cluster counts it
 * right now (so no flush delay). A key without a quota has only {@code keyId}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaUseRepresentation {

    private String keyId;
    private Integer requests;
    private String period;
    private Integer used;
    private Long periodStart;
    private Long periodEnd;

    public String getKeyId() { return keyId; }
    public void setKeyId(String keyId) { this.keyId = keyId; }
    public Integer getRequests() { return requests; }
    public void setRequests(Integer requests) { this.requests = requests; }
    public String getPeriod() { return period; }
    public void setPeriod(String period) { this.period = period; }
    public Integer getUsed() { return used; }
    public void setUsed(Integer used) { this.used = used; }
    public Long getPeriodStart() { return periodStart; }
    public void setPeriodStart(Long periodStart) { this.periodStart = periodStart; }
    public Long getPeriodEnd() { return periodEnd; }
    public void setPeriodEnd(Long periodEnd) { this.periodEnd = periodEnd; }
}
