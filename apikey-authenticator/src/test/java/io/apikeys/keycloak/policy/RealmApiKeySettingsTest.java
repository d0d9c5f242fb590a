package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class RealmApiKeySettingsTest {

    @Test
    void defaultsAreValid() {
        RealmApiKeySettings defaults = RealmApiKeySettings.DEFAULTS;
        assertThat(defaults.validated()).isSameAs(defaults);
        assertThat(defaults).isEqualTo(new RealmApiKeySettings(false, null, 300, 3600, 100, "kcak", 90, LeakedKeyAction.REVOKE,
                List.of(30, 7, 1), null));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "60,         1,     1,     1,      ab,               1",
            "3153600000, 86400, 86400, 100000, abcdefghijklmnop, 3650",
            "-,          3600,  3600,  100,    acme,             90"})
    void acceptsBoundaryValues(Long maxLifetime, int defaultLifespan, int maxLifespan, int maxKeys, String prefix,
                               int retentionDays) {
        RealmApiKeySettings settings = new RealmApiKeySettings(true, maxLifetime, defaultLifespan, maxLifespan, maxKeys,
                prefix, retentionDays, LeakedKeyAction.REPORT, List.of(365, 1), 3650);
        assertThat(settings.validated()).isSameAs(settings);
    }

    @ParameterizedTest(name = "{6}")
    @CsvSource(nullValues = "-", value = {
            "59,         300,  3600,  100,    kcak, 90, maxLifetimeSeconds",
            "0,          300,  3600,  100,    kcak, 90, maxLifetimeSeconds",
            "-60,        300,  3600,  100,    kcak, 90, maxLifetimeSeconds",
            "3153600001, 300,  3600,  100,    kcak, 90, maxLifetimeSeconds",
            "-,          300,  0,     100,    kcak, 90, maxTokenLifespanSeconds",
            "-,          300,  86401, 100,    kcak, 90, maxTokenLifespanSeconds",
            "-,          0,    3600,  100,    kcak, 90, defaultTokenLifespanSeconds",
            "-,          -5,   3600,  100,    kcak, 90, defaultTokenLifespanSeconds",
            "-,          3601, 3600,  100,    kcak, 90, defaultTokenLifespanSeconds",
            "-,          300,  3600,  0,      kcak, 90, maxKeysPerClient",
            "-,          300,  3600,  100001, kcak, 90, maxKeysPerClient",
            "-,          300,  3600,  100,    -, 90, keyPrefix",
            "-,          300,  3600,  100,    '', 90, keyPrefix",
            "-,          300,  3600,  100,    k, 90, keyPrefix",
            "-,          300,  3600,  100,    Kcak, 90, keyPrefix",
            "-,          300,  3600,  100,    kc_ak, 90, keyPrefix",
            "-,          300,  3600,  100,    kcak, 0, usageRetentionDays",
            "-,          300,  3600,  100,    kcak, -1, usageRetentionDays",
            "-,          300,  3600,  100,    kcak, 3651, usageRetentionDays"})
    void rejectsBadValues(Long maxLifetime, int defaultLifespan, int maxLifespan, int maxKeys, String prefix,
                          int retentionDays, String field) {
        RealmApiKeySettings settings = new RealmApiKeySettings(false, maxLifetime, defaultLifespan, maxLifespan, maxKeys,
                prefix, retentionDays, LeakedKeyAction.REPORT, List.of(), null);
        ApiKeyValidationException e = catchThrowableOfType(ApiKeyValidationException.class, settings::validated);
        assertThat(e).as("validation error").isNotNull();
        assertThat(e.error()).isEqualTo("invalid_settings");
        assertThat(e.description()).startsWith(field + " ");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-, 300", "1, 1", "120, 120", "3599, 3599", "3600, 3600", "3601, 3600", "86400, 3600"})
    void effectiveTokenLifespanFallsBackToTheDefaultAndIsCapped(Integer keyLifespan, int expected) {
        assertThat(RealmApiKeySettings.DEFAULTS.effectiveTokenLifespan(keyLifespan)).isEqualTo(expected);
    }

    @Test
    void effectiveTokenLifespanCapsAnOldKeyAfterTheRealmCapWasLowered() {
        RealmApiKeySettings strict = new RealmApiKeySettings(false, null, 60, 120, 100, "kcak", 90, LeakedKeyAction.REVOKE,
                List.of(), null).validated();
        assertThat(strict.effectiveTokenLifespan(null)).isEqualTo(60);
        assertThat(strict.effectiveTokenLifespan(3600)).isEqualTo(120);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", value = {"'0', -", "'366', -", "'1,2,3,4,5,6,7,8,9,10,11', -", "'', 0", "'', 3651"})
    void rejectsBadNoticeAndUnusedDays(String days, Integer unusedDays) {
        List<Integer> notices = days.isEmpty() ? List.of() : Arrays.stream(days.split(",")).map(Integer::valueOf).toList();
        RealmApiKeySettings settings = new RealmApiKeySettings(false, null, 300, 3600, 100, "kcak", 90,
                LeakedKeyAction.REVOKE, notices, unusedDays);
        ApiKeyValidationException e = catchThrowableOfType(ApiKeyValidationException.class, settings::validated);
        assertThat(e.description()).startsWith(unusedDays == null ? "expiryNoticeDays " : "disableUnusedAfterDays ");
    }

    @Test
    void theNoticeThresholdReachedIsTheSmallestAtLeastTheTimeLeft() {
        RealmApiKeySettings settings = new RealmApiKeySettings(false, null, 300, 3600, 100, "kcak", 90,
                LeakedKeyAction.REVOKE, List.of(1, 30, 7, 7), null);
        long day = 86_400_000L;
        assertThat(settings.expiryNoticeDays()).containsExactly(30, 7, 1);
        assertThat(settings.noticeThreshold(31 * day)).isEmpty();
        assertThat(settings.noticeThreshold(30 * day)).hasValue(30);
        assertThat(settings.noticeThreshold(8 * day)).hasValue(30);
        assertThat(settings.noticeThreshold(7 * day)).hasValue(7);
        assertThat(settings.noticeThreshold(day + 1)).hasValue(7);
        assertThat(settings.noticeThreshold(5)).hasValue(1);
    }
}
