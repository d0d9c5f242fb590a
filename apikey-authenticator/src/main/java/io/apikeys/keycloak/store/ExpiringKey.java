package io.apikeys.keycloak.store;

/**
 * A key that expires soon, as the expiry notices see it.
 *
 * @param noticedDays the smallest notice threshold (days) already sent for this expiry, or null for none
 */
public record ExpiringKey(String realmId, String id, long expiresTimestamp, Integer noticedDays) {
}
