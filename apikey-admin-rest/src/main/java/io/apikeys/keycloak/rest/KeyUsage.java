package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.client.ApiKeyUsageRepresentation;
import io.apikeys.keycloak.client.DailyUsageRepresentation;
import io.apikeys.keycloak.client.QuotaUseRepresentation;
import io.apikeys.keycloak.client.UsageBucketRepresentation;
import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.usage.DailyKeyUsage;
import io.apikeys.keycloak.usage.UsageBucket;
import io.apikeys.keycloak.usage.UsageRange;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The usage API behind {@code /admin/realms/{realm}/api-keys/{id}/usage} (one key, by hour or day) and
 * {@code /admin/realms/{realm}/api-keys/usage} (the billing export, per key and day), read with the same rights as
 * the keys themselves. It shows what the nodes have written: a node's counts become visible after its next
 * write-behind flush ({@code --spi-api-key-node--default--last-used-flush-seconds}, 60 s by default).
 */
public final class KeyUsage {

    public static final String CSV = "text/csv";
    public static final MediaType CSV_TYPE = new MediaType("text", "csv");

    private final RealmModel realm;
    private final ApiKeyStore store;
    private final ApiKeyNodeServices node;
    private final AccessibleKeys accessible;

    public KeyUsage(KeycloakSession session, RealmModel realm, KeyPermissions<ClientModel> permissions) {
        this.realm = realm;
        this.store = session.getProvider(ApiKeyStore.class);
        this.node = session.getProvider(ApiKeyNodeServices.class);
        this.accessible = new AccessibleKeys(session, realm, store, permissions);
    }

    /** One key's buckets in the range, every bucket present (zeros where there were no uses). */
    public ApiKeyUsageRepresentation ofKey(String id, String from, String to, String granularity) {
        return RestErrors.translate(() -> {
            accessible.key(id, KeyAccess.VIEW);
            UsageRange range = UsageParameters.range(from, to, granularity, Time.currentTimeMillis());
            Map<Long, UsageBucket> stored = new HashMap<>();
            store.usage().buckets(realm, id, range).forEach(bucket -> stored.put(bucket.start(), bucket));
            List<UsageBucketRepresentation> buckets = new ArrayList<>();
            long step = range.granularity().millis();
            for (long start = range.firstBucket(); start < range.to(); start += step) {
                UsageBucket bucket = stored.get(start);
                buckets.add(bucket == null ? new UsageBucketRepresentation(start, 0, 0)
                        : new UsageBucketRepresentation(start, bucket.accepted(), bucket.refused()));
            }
            ApiKeyUsageRepresentation rep = new ApiKeyUsageRepresentation();
            rep.setKeyId(id);
            rep.setGranularity(range.granularity().parameterValue());
            rep.setBuckets(buckets);
            return rep;
        });
    }

    /** How much of its quota the key {@code id} has used in the current period, as the cluster counts it now. */
    public QuotaUseRepresentation quotaOf(String id) {
        return RestErrors.translate(() -> {
            StoredApiKey key = accessible.key(id, KeyAccess.VIEW).key();
            QuotaUseRepresentation rep = new QuotaUseRepresentation();
            rep.setKeyId(id);
            Quota quota = key.quota();
            if (quota != null) {
                long now = Time.currentTimeMillis();
                rep.setRequests(quota.requests());
                rep.setPeriod(quota.period().name());
                rep.setUsed(node.quotaUsed(key, now));
                rep.setPeriodStart(quota.windowStart(now));
                rep.setPeriodEnd(quota.windowEnd(now));
            }
            return rep;
        });
    }

    /**
     * Uses per key and UTC day of the keys of {@code clientId}, or of every client the caller may view; keys
     * deleted since included. Only days with uses appear.
     */
    public List<DailyUsageRepresentation> export(String clientId, String from, String to) {
        return RestErrors.translate(() -> {
            Set<String> clients = accessible.clientsToRead(clientId);
            UsageRange range = UsageParameters.range(from, to, "day", Time.currentTimeMillis());
            return store.usage().daily(realm, clients, range).stream().map(KeyUsage::row).toList();
        });
    }

    private static DailyUsageRepresentation row(DailyKeyUsage usage) {
        DailyUsageRepresentation row = new DailyUsageRepresentation();
        row.setKeyId(usage.keyId());
        row.setClientId(usage.clientId());
        row.setName(usage.keyName());
        row.setDay(Instant.ofEpochMilli(usage.dayStart()).atZone(ZoneOffset.UTC).toLocalDate().toString());
        row.setAccepted(usage.accepted());
        row.setRefused(usage.refused());
        return row;
    }

    /** Whether the caller asked for CSV: the first acceptable type it names that is JSON or CSV is CSV. */
    public static boolean wantsCsv(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(CSV_TYPE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The export as RFC 4180 CSV with a header line. A field with a comma, semicolon, quote or line break is quoted;
     * one that a spreadsheet would run as a formula ({@code = + - @}, tab, carriage return first) gets a leading
     * {@code '} and is quoted.
     */
    public static String csv(List<DailyUsageRepresentation> rows) {
        StringBuilder csv = new StringBuilder("keyId,clientId,name,day,accepted,refused\r\n");
        for (DailyUsageRepresentation row : rows) {
            csv.append(field(row.getKeyId())).append(',').append(field(row.getClientId())).append(',')
                    .append(field(row.getName())).append(',').append(row.getDay()).append(',')
                    .append(row.getAccepted()).append(',').append(row.getRefused()).append("\r\n");
        }
        return csv.toString();
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean formula = "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
        String safe = formula ? "'" + value : value;
        // Spreadsheets in many locales split on ';', not ',': such a field is quoted too, or its second half would
        // start a cell of its own (and could be a formula).
        return formula || safe.chars().anyMatch(c -> c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r')
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
