package io.apikeys.keycloak.node;

import io.apikeys.keycloak.usage.LastUse;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

final class LastUsedRecorderTest {

    private final AtomicInteger flushesAsked = new AtomicInteger();
    private final LastUsedRecorder recorder = new LastUsedRecorder(flushesAsked::incrementAndGet);

    @Test
    void keepsOnlyTheLatestUseOfAKey() {
        recorder.record("a", 200, "192.0.2.2");
        recorder.record("a", 100, "192.0.2.1");
        assertThat(recorder.pendingCount()).isEqualTo(1);
        assertThat(recorder.pendingUse("a")).isEqualTo(new LastUse(200, "192.0.2.2"));
        recorder.record("a", 300, "192.0.2.3");
        assertThat(recorder.pendingUse("a")).isEqualTo(new LastUse(300, "192.0.2.3"));
        assertThat(flushesAsked).hasValue(0);
    }

    @Test
    void asksForAnEarlyFlushOnceAndBoundsTheMemory() {
        int keys = 3 * LastUsedRecorder.FLUSH_EARLY_AT;
        for (int i = 0; i < keys; i++) {
            recorder.record("key-" + i, 1_000 + i, "192.0.2.1");
        }
        assertThat(flushesAsked).as("asked once until a flush ran").hasValue(1);
        assertThat(recorder.pendingCount()).isEqualTo(2 * LastUsedRecorder.FLUSH_EARLY_AT);

        recorder.record("key-0", 9_999, "192.0.2.9");
        assertThat(recorder.pendingCount()).as("a key already waiting is still updated")
                .isEqualTo(2 * LastUsedRecorder.FLUSH_EARLY_AT);
    }
}
