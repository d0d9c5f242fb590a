package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code {"requests": 100, "windowSeconds": 60}}: at most 100 uses per 60-second window. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class RateLimitRepresentation {

    private Integer requests;
    private Integer windowSeconds;

    public RateLimitRepresentation() {
    }

    public RateLimitRepresentation(Integer requests, Integer windowSeconds) {
        this.requests = requests;
        this.windowSeconds = windowSeconds;
    }

    public Integer getRequests() { return requests; }
    public void setRequests(Integer requests) { this.requests = requests; }
    public Integer getWindowSeconds() { return windowSeconds; }
    public void setWindowSeconds(Integer windowSeconds) { this.windowSeconds = windowSeconds; }
}
