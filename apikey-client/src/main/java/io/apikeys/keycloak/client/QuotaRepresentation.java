package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code {"requests": 100000, "period": "MONTH"}}: at most 100,000 accepted uses per UTC calendar month
 * ({@code "DAY"}: per UTC day), counted across the cluster and carried over to the key's successors.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class QuotaRepresentation {

    private Integer requests;
    private String period;

    public QuotaRepresentation() {
    }

    public QuotaRepresentation(Integer requests, String period) {
        this.requests = requests;
        this.period = period;
    }

    public Integer getRequests() { return requests; }
    public void setRequests(Integer requests) { this.requests = requests; }
    public String getPeriod() { return period; }
    public void setPeriod(String period) { this.period = period; }
}
