package io.apikeys.keycloak.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code GET /admin/realms/{realm}/api-keys/{id}/usage}: a key's uses, one bucket per UTC hour or day of the range,
 * oldest first, buckets without uses included (with zeros). {@code accepted} counts every use the key was let
 * through (exchange, client credentials, introspection, check endpoint); {@code refused} the uses its rate limit
 * refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ApiKeyUsageRepresentation {

    private String keyId;
    private String granularity;
    private List<UsageBucketRepresentation> buckets;

    public String getKeyId() { return keyId; }
    public void setKeyId(String keyId) { this.keyId = keyId; }
    /** {@code hour} or {@code day}. */
    public String getGranularity() { return granularity; }
    public void setGranularity(String granularity) { this.granularity = granularity; }
    public List<UsageBucketRepresentation> getBuckets() { return buckets; }
    public void setBuckets(List<UsageBucketRepresentation> buckets) { this.buckets = buckets; }
}
