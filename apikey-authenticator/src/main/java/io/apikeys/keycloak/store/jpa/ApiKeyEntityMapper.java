package io.apikeys.keycloak.store.jpa;

import com.fasterxml.jackson.core.type.TypeReference;
import io.apikeys.keycloak.key.AllowedIps;
import io.apikeys.keycloak.key.ApiKeyHash;
import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Converts between rows and snapshots; list-valued settings travel as JSON text. */
public final class ApiKeyEntityMapper {

    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private ApiKeyEntityMapper() {
    }

    /**
     * The ids shared by many keys (realm, client, creating admin) are interned: the lookup cache holds up to
     * {@code cacheSize} keys, and one copy of each id instead of one per key saves a third of its memory.
     */
    static StoredApiKey toStored(ApiKeyEntity e) {
        RateLimit rateLimit = e.getRateLimitRequests() == null
                ? null : new RateLimit(e.getRateLimitRequests(), e.getRateLimitWindowSeconds());
        Quota quota = e.getQuotaRequests() == null
                ? null : new Quota(e.getQuotaRequests(), Quota.Period.valueOf(e.getQuotaPeriod()));
        String createdBy = e.getCreatedBy() == null ? null : e.getCreatedBy().intern();
        return new StoredApiKey(e.getId(), e.getVersion(), e.getRealmId().intern(), e.getClientId().intern(),
                new ApiKeyHash(e.getKeyHash()), e.getKeyStart(), e.getName(), e.getDescription(), e.isEnabled(), list(e.getScopes()),
                list(e.getRoles()), list(e.getAudiences()), AllowedIps.parse(list(e.getAllowedIps())), rateLimit, quota,
                e.getTokenLifespanSeconds(), map(e.getAttributes()), e.getCreatedTimestamp(), createdBy,
                e.getExpiresTimestamp(), e.getLastUsedTimestamp(), e.getLastUsedIp(), e.getRevokedTimestamp(),
                e.getRotatedFromId(), e.getLineageId() == null ? e.getId() : e.getLineageId(),
                e.getRevokedTimestamp() == null ? null : e.getRevokedReason() == null ? "ADMIN" : e.getRevokedReason(),
                e.isEnabled() ? null : e.getDisabledReason(), e.isSelfRotation(), list(e.getContacts()),
                e.getUserId() == null ? null : e.getUserId().intern());
    }

    static void applyDraft(ApiKeyDraft draft, ApiKeyEntity e) {
        e.setName(draft.name());
        e.setDescription(draft.description());
        if (draft.enabled() != e.isEnabled()) {
            // Enabled again, or disabled by hand: no longer for the reason it was disabled automatically.
            e.setDisabledReason(null);
        }
        e.setEnabled(draft.enabled());
        e.setExpiresTimestamp(draft.expiresTimestamp());
        e.setScopes(json(draft.scopes()));
        e.setRoles(json(draft.roles()));
        e.setAudiences(json(draft.audiences()));
        e.setAllowedIps(json(draft.allowedIps()));
        e.setAttributes(draft.attributes().isEmpty() ? null : write(draft.attributes()));
        e.setRateLimitRequests(draft.rateLimit() == null ? null : draft.rateLimit().requests());
        e.setRateLimitWindowSeconds(draft.rateLimit() == null ? null : draft.rateLimit().windowSeconds());
        e.setQuotaRequests(draft.quota() == null ? null : draft.quota().requests());
        e.setQuotaPeriod(draft.quota() == null ? null : draft.quota().period().name());
        e.setTokenLifespanSeconds(draft.tokenLifespanSeconds());
        e.setSelfRotation(draft.selfRotation());
        e.setContacts(json(draft.contacts()));
    }

    private static String json(List<String> values) {
        return values.isEmpty() ? null : write(values);
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String json) {
        return json == null || json.isEmpty() ? List.of() : read(json, LIST);
    }

    private static Map<String, String> map(String json) {
        return json == null || json.isEmpty() ? Map.of() : read(json, MAP);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
