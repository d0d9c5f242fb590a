package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.key.ApiKeyStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class KeyLifecycleRulesTest {

    private static final RealmApiKeySettings TWO_KEYS = new RealmApiKeySettings(false, null, 300, 3600, 2, "kcak", 90,
            LeakedKeyAction.REVOKE, List.of(), null);

    @Test
    void aClientHoldsAtMostTheLimit() {
        assertThatCode(() -> KeyLifecycleRules.requireRoomForNewKey(TWO_KEYS, "svc", 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> KeyLifecycleRules.requireRoomForNewKey(TWO_KEYS, "svc", 2))
                .isInstanceOf(ApiKeyValidationException.class).hasFieldOrPropertyWithValue("error", "too_many_keys");
    }

    @Test
    void theRotatedKeyDoesNotCountButEveryOtherLiveKeyDoes() {
        assertThatCode(() -> rotate(ApiKeyStatus.ACTIVE, false, 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> rotate(ApiKeyStatus.ACTIVE, false, 3))
                .hasFieldOrPropertyWithValue("error", "too_many_keys");
    }

    @Test
    void aKeyIsReplacedOnceAndOnlyWhileItLives() {
        assertThatThrownBy(() -> rotate(ApiKeyStatus.ACTIVE, true, 1)).hasFieldOrPropertyWithValue("error", "invalid_state");
        assertThatThrownBy(() -> rotate(ApiKeyStatus.REVOKED, false, 1)).hasFieldOrPropertyWithValue("error", "invalid_state");
        assertThatThrownBy(() -> rotate(ApiKeyStatus.EXPIRED, false, 1)).hasFieldOrPropertyWithValue("error", "invalid_state");
        assertThatCode(() -> rotate(ApiKeyStatus.DISABLED, false, 1)).doesNotThrowAnyException();
    }

    @Test
    void theGracePeriodIsZeroToThirtyDays() {
        assertThatThrownBy(() -> KeyLifecycleRules.requireRotatable(TWO_KEYS, "svc", ApiKeyStatus.ACTIVE, false, -1, 1))
                .hasFieldOrPropertyWithValue("error", "invalid_grace_period");
        assertThatThrownBy(() -> KeyLifecycleRules.requireRotatable(TWO_KEYS, "svc", ApiKeyStatus.ACTIVE, false,
                KeyLifecycleRules.MAX_GRACE_PERIOD_SECONDS + 1, 1)).hasFieldOrPropertyWithValue("error", "invalid_grace_period");
    }

    @Test
    void expiriesOfTheSuccessorAndTheReplacedKey() {
        assertThat(KeyLifecycleRules.successorExpiry(null, 0, 5_000)).isNull();
        assertThat(KeyLifecycleRules.successorExpiry(10_000L, 1_000, 5_000)).isEqualTo(14_000);
        assertThat(KeyLifecycleRules.replacedKeyExpiry(null, 5_000, 60)).isEqualTo(65_000);
        assertThat(KeyLifecycleRules.replacedKeyExpiry(6_000L, 5_000, 60)).as("expires earlier anyway").isEqualTo(6_000);
    }

    private static void rotate(ApiKeyStatus status, boolean hasSuccessor, long liveKeys) {
        KeyLifecycleRules.requireRotatable(TWO_KEYS, "svc", status, hasSuccessor, 3600, liveKeys);
    }
}
