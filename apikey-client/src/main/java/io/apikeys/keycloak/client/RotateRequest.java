package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of {@code POST /{id}/rotate}: how long the old key keeps working (default 0: it stops at once). */
@JsonIgnoreProperties(ignoreUnknown = true)
public class RotateRequest {

    private Long gracePeriodSeconds;

    public RotateRequest() {
    }

    public RotateRequest(Long gracePeriodSeconds) {
        this.gracePeriodSeconds = gracePeriodSeconds;
    }

    public Long getGracePeriodSeconds() { return gracePeriodSeconds; }
    public void setGracePeriodSeconds(Long gracePeriodSeconds) { this.gracePeriodSeconds = gracePeriodSeconds; }
}
