package io.apikeys.keycloak.store.jpa;

import io.apikeys.keycloak.store.jpa.LastUseBulkUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class LastUseBulkUpdateTest {

    @Test
    void roundsTheSlotsUpToAPowerOfTwo() {
        assertThat(LastUseBulkUpdate.slotsFor(1)).isEqualTo(1);
        assertThat(LastUseBulkUpdate.slotsFor(2)).isEqualTo(2);
        assertThat(LastUseBulkUpdate.slotsFor(3)).isEqualTo(4);
        assertThat(LastUseBulkUpdate.slotsFor(500)).isEqualTo(512);
        assertThat(LastUseBulkUpdate.slotsFor(512)).isEqualTo(512);
    }

    @Test
    void oneStatementSetsBothColumnsOfEveryKeyAndTouchesNoOther() {
        assertThat(LastUseBulkUpdate.statement(2)).isEqualTo("update ApiKeyLastUseEntity u"
                + " set u.lastUsedTimestamp = case u.id when :id0 then :ts0 when :id1 then :ts1"
                + " else u.lastUsedTimestamp end,"
                + " u.lastUsedIp = case u.id when :id0 then :ip0 when :id1 then :ip1 else u.lastUsedIp end"
                + " where u.id in (:id0, :id1)");
    }
}
