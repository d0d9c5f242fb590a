package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.usage.LastUse;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the last use of many keys with one statement, {@code UPDATE API_KEY SET LAST_USED_TIMESTAMP = CASE ID WHEN
 * ? THEN ? ... END, LAST_USED_IP = CASE ... END WHERE ID IN (...)}: a flush of 100,000 keys is then 200 statements
 * (chunks of of the write-behind) rather than 100,000. The number of slots is rounded up to a power of
 * two (the last key repeated), so that a few query shapes serve every batch size and Hibernate's query plan cache
 * stays small.
 */
public final class LastUseBulkUpdate {

    private LastUseBulkUpdate() {
    }

    static void run(EntityManager em, Map<String, LastUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        List<Map.Entry<String, LastUse>> entries = new ArrayList<>(uses.entrySet());
        int slots = slotsFor(entries.size());
        Query update = em.createQuery(statement(slots));
        for (int i = 0; i < slots; i++) {
            Map.Entry<String, LastUse> entry = entries.get(Math.min(i, entries.size() - 1));
            update.setParameter("id" + i, entry.getKey())
                    .setParameter("ts" + i, entry.getValue().timestamp())
                    .setParameter("ip" + i, entry.getValue().ip());
        }
        update.executeUpdate();
    }

    /** The smallest power of two that is at least {@code keys}. */
    static int slotsFor(int keys) {
        return keys <= 1 ? 1 : Integer.highestOneBit(keys - 1) << 1;
    }

    static String statement(int slots) {
        StringBuilder timestamps = new StringBuilder();
        StringBuilder ips = new StringBuilder();
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < slots; i++) {
            timestamps.append(" when :id").append(i).append(" then :ts").append(i);
            ips.append(" when :id").append(i).append(" then :ip").append(i);
            ids.append(i == 0 ? ":id" : ", :id").append(i);
        }
        return "update ApiKeyLastUseEntity u"
                + " set u.lastUsedTimestamp = case u.id" + timestamps + " else u.lastUsedTimestamp end,"
                + " u.lastUsedIp = case u.id" + ips + " else u.lastUsedIp end"
                + " where u.id in (" + ids + ")";
    }
}
