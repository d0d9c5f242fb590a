package io.apikeys.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.io.Serializable;

/**
 * {@code API_KEY_USAGE}: one key's uses in one UTC hour, summed over all nodes. Rows are written only by the
 * write-behind ({@link UsageWriter}), read by the usage API and deleted after the realm's retention. They keep the
 * realm, client and names of the key, so a deleted key's history stays readable until it is pruned.
 */
@Entity
@Table(name = "API_KEY_USAGE")
@IdClass(ApiKeyUsageEntity.Key.class)
@NamedQuery(name = "ApiKeyUsage.hoursOfKey", query = "select u.hourStart, u.accepted, u.refused"
        + " from ApiKeyUsageEntity u where u.realmId = :realmId and u.keyId = :keyId"
        + " and u.hourStart >= :from and u.hourStart < :to order by u.hourStart")
@NamedQuery(name = "ApiKeyUsage.daysOfKey", query = "select u.dayStart, sum(u.accepted), sum(u.refused)"
        + " from ApiKeyUsageEntity u where u.realmId = :realmId and u.keyId = :keyId"
        + " and u.hourStart >= :from and u.hourStart < :to group by u.dayStart order by u.dayStart")
@NamedQuery(name = "ApiKeyUsage.add", query = "update ApiKeyUsageEntity u"
        + " set u.accepted = u.accepted + :accepted, u.refused = u.refused + :refused,"
        + " u.keyName = :keyName, u.clientClientId = :clientClientId"
        + " where u.keyId = :keyId and u.hourStart = :hourStart")
@NamedQuery(name = "ApiKeyUsage.pruneRealm",
        query = "delete from ApiKeyUsageEntity u where u.realmId = :realmId and u.hourStart < :before")
@NamedQuery(name = "ApiKeyUsage.deleteRealm", query = "delete from ApiKeyUsageEntity u where u.realmId = :realmId")
@NamedQuery(name = "ApiKeyUsage.acceptedOfLineage", query = "select sum(u.accepted) from ApiKeyUsageEntity u"
        + " where u.hourStart >= :from and u.keyId in"
        + " (select k.id from ApiKeyEntity k where k.id = :lineageId or k.lineageId = :lineageId)")
@NamedQuery(name = "ApiKeyUsage.dailyOfRealm", query = "select u.keyId, u.clientId, max(u.clientClientId), max(u.keyName),"
        + " u.dayStart, sum(u.accepted), sum(u.refused) from ApiKeyUsageEntity u"
        + " where u.realmId = :realmId and u.hourStart >= :from and u.hourStart < :to"
        + " group by u.keyId, u.clientId, u.dayStart order by u.dayStart, max(u.clientClientId), max(u.keyName), u.keyId")
@NamedQuery(name = "ApiKeyUsage.dailyOfClients", query = "select u.keyId, u.clientId, max(u.clientClientId),"
        + " max(u.keyName), u.dayStart, sum(u.accepted), sum(u.refused) from ApiKeyUsageEntity u"
        + " where u.realmId = :realmId and u.hourStart >= :from and u.hourStart < :to and u.clientId in :clients"
        + " group by u.keyId, u.clientId, u.dayStart order by u.dayStart, max(u.clientClientId), max(u.keyName), u.keyId")
@NamedQuery(name = "ApiKeyUsage.realmIds", query = "select distinct u.realmId from ApiKeyUsageEntity u")
public class ApiKeyUsageEntity {

    @Id
    @Column(name = "KEY_ID", length = 36)
    private String keyId;

    @Id
    @Column(name = "HOUR_START")
    private long hourStart;

    /** The start of the UTC day of {@link #hourStart}, for daily sums in SQL. */
    @Column(name = "DAY_START", nullable = false)
    private long dayStart;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Keycloak's internal id of the key's client, as in {@code API_KEY.CLIENT_ID}. */
    @Column(name = "CLIENT_ID", length = 36, nullable = false)
    private String clientId;

    /** The client's {@code clientId} as of the bucket's last use. */
    @Column(name = "CLIENT_CLIENT_ID", length = 255)
    private String clientClientId;

    /** The key's name as of the bucket's last use. */
    @Column(name = "KEY_NAME", length = 255)
    private String keyName;

    @Column(name = "ACCEPTED", nullable = false)
    private long accepted;

    @Column(name = "REFUSED", nullable = false)
    private long refused;

    public ApiKeyUsageEntity() {
    }

    ApiKeyUsageEntity(String keyId, long hourStart, long dayStart, String realmId, String clientId,
                      String clientClientId, String keyName, long accepted, long refused) {
        this.keyId = keyId;
        this.hourStart = hourStart;
        this.dayStart = dayStart;
        this.realmId = realmId;
        this.clientId = clientId;
        this.clientClientId = clientClientId;
        this.keyName = keyName;
        this.accepted = accepted;
        this.refused = refused;
    }

    /** The composite primary key: one row per key and hour. */
    public static class Key implements Serializable {
        private String keyId;
        private long hourStart;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hourStart == hourStart && java.util.Objects.equals(key.keyId, keyId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(keyId, hourStart);
        }
    }
}
