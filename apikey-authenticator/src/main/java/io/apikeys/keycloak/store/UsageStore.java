package io.apikeys.keycloak.store;

import io.apikeys.keycloak.limit.SharedCounts;
import io.apikeys.keycloak.usage.DailyKeyUsage;
import io.apikeys.keycloak.usage.HourBucket;
import io.apikeys.keycloak.usage.LastUse;
import io.apikeys.keycloak.usage.UsageBucket;
import io.apikeys.keycloak.usage.UsageCounts;
import io.apikeys.keycloak.usage.UsageRange;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;

/**
 * The rows of key usage: the counts per key and hour ({@code API_KEY_USAGE}) and each key's last use. Written only
 * by the node services' write-behind, in chunks, never on the request path; read by the admin and account APIs.
 */
public interface UsageStore {

    /**
     * The stored usage of one key of this realm in {@code range}: the buckets of its granularity that have any
     * use, oldest first. Counts of this and other nodes not yet flushed are not included.
     */
    List<UsageBucket> buckets(RealmModel realm, String keyId, UsageRange range);

    /**
     * The stored usage per key and UTC day in {@code range}, of the keys of these clients (internal ids; null for
     * every client of the realm, those removed since included), deleted keys included, ordered by day, client and
     * key name.
     */
    List<DailyKeyUsage> daily(RealmModel realm, Set<String> clientUuids, UsageRange range);

    /** The accepted uses of a key lineage written since {@code fromMillis}: where a quota period's count starts. */
    int acceptedSince(String lineageId, long fromMillis);

    /** Adds a node's counts to the stored ones (several nodes writing one key and hour sum up). */
    void add(SortedMap<HourBucket, UsageCounts> counts);

    /**
     * Writes the uses newer than the stored last use, skipping rows another transaction holds.
     *
     * @return the ids of the keys that still exist but were skipped: write them again later
     */
    Set<String> writeLastUses(Map<String, LastUse> uses);

    /** Deletes the realm's rows older than its {@code usageRetentionDays}; the number deleted. */
    int prune(RealmModel realm);

    /** Deletes a realm's rows, the realm being removed or long gone; the number deleted. */
    int deleteRealm(String realmId);

    /**
     * Takes up to {@code wanted} uses of a window's stored count, never beyond {@code requests}: the shared count of
     * nodes that have no cluster count. A window without a row starts at {@code usedBefore}; when that is empty too,
     * nothing is taken and the answer is empty.
     */
    Optional<SharedCounts.Taken> takeUses(SharedCounts.Window window, int requests, int wanted, OptionalInt usedBefore);

    /** The window's stored count, taking none; empty when it has no row. */
    OptionalInt windowCount(SharedCounts.Window window);

    /** Deletes the counts of windows that ended before {@code beforeMillis}; the number deleted. */
    int pruneWindowCounts(long beforeMillis);

    /** The realms that have usage rows, removed ones included. */
    List<String> realmIds();
}
