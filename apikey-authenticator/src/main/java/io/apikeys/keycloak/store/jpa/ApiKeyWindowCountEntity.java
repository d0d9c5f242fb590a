package io.apikeys.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/**
 * {@code API_KEY_WINDOW_COUNT}: the uses taken of one counter's window (a key lineage's rate-limit window or quota
 * period) by nodes that share no cluster count; deleted a day after the window ended.
 */
@Entity
@Table(name = "API_KEY_WINDOW_COUNT")
@IdClass(ApiKeyWindowCountEntity.Key.class)
@NamedQuery(name = "ApiKeyWindowCount.prune", query = "delete from ApiKeyWindowCountEntity w where w.windowEnd < :before")
public class ApiKeyWindowCountEntity {

    @Id
    @Column(name = "COUNTER", length = 255)
    private String counter;

    @Id
    @Column(name = "WINDOW_START")
    private long windowStart;

    @Column(name = "WINDOW_END", nullable = false)
    private long windowEnd;

    @Column(name = "USED", nullable = false)
    private int used;

    public ApiKeyWindowCountEntity() {
    }

    ApiKeyWindowCountEntity(String counter, long windowStart, long windowEnd, int used) {
        this.counter = counter;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.used = used;
    }

    int getUsed() {
        return used;
    }

    void setUsed(int used) {
        this.used = used;
    }

    /** The composite primary key: one row per counter and window. */
    public static class Key implements Serializable {
        private String counter;
        private long windowStart;

        public Key() {
        }

        Key(String counter, long windowStart) {
            this.counter = counter;
            this.windowStart = windowStart;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.windowStart == windowStart && Objects.equals(key.counter, counter);
        }

        @Override
        public int hashCode() {
            return Objects.hash(counter, windowStart);
        }
    }
}
