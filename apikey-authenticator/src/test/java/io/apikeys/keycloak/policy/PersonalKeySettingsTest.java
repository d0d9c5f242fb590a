package io.apikeys.keycloak.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class PersonalKeySettingsTest {

    private static final PersonalKeySettings SCRIPTS = new PersonalKeySettings(true, List.of("scripts"), 86_400, 2, "kcpk");

    @Test
    void offByDefaultWithItsOwnPrefix() {
        assertThat(PersonalKeySettings.DEFAULTS.enabled()).isFalse();
        assertThat(PersonalKeySettings.DEFAULTS.keyPrefix()).isEqualTo("kcpk");
        assertThat(PersonalKeySettings.DEFAULTS.maxLifetimeSeconds()).isEqualTo(7_776_000L);
        assertThat(PersonalKeySettings.DEFAULTS.maxKeysPerUser()).isEqualTo(10);
        assertThat(PersonalKeySettings.DEFAULTS.validated("kcak")).isSameAs(PersonalKeySettings.DEFAULTS);
    }

    @Test
    void allowsOnlyListedClientsAndOnlyWhenEnabled() {
        assertThat(SCRIPTS.allows("scripts")).isTrue();
        assertThat(SCRIPTS.allows("other")).isFalse();
        assertThat(new PersonalKeySettings(false, List.of("scripts"), 86_400, 2, "kcpk").allows("scripts")).isFalse();
    }

    @Test
    void rejectsAPrefixSharedWithServiceKeysAndValuesOutOfRange() {
        assertThatThrownBy(() -> SCRIPTS.validated("kcpk")).hasMessageContaining("personalKeys.keyPrefix");
        assertThatThrownBy(() -> new PersonalKeySettings(true, List.of(), 59, 2, "kcpk").validated("kcak"))
                .hasMessageContaining("personalKeys.maxLifetimeSeconds");
        assertThatThrownBy(() -> new PersonalKeySettings(true, List.of(), 60, 0, "kcpk").validated("kcak"))
                .hasMessageContaining("personalKeys.maxKeysPerUser");
    }

    @Test
    void theRulesNameWhatIsMissing() {
        assertThatThrownBy(() -> KeyLifecycleRules.requirePersonalKeysFor(PersonalKeySettings.DEFAULTS, "scripts"))
                .extracting("error").isEqualTo("personal_keys_disabled");
        assertThatThrownBy(() -> KeyLifecycleRules.requirePersonalKeysFor(SCRIPTS, "other"))
                .extracting("error").isEqualTo("client_not_allowed");
        KeyLifecycleRules.requireRoomForPersonalKey(SCRIPTS, "alice", 1);
        assertThatThrownBy(() -> KeyLifecycleRules.requireRoomForPersonalKey(SCRIPTS, "alice", 2))
                .extracting("error").isEqualTo("too_many_keys");
    }
}
