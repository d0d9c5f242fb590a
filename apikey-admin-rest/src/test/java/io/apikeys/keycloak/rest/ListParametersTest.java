package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListParametersTest {

    @Test
    void absentParametersMeanEveryStatusFromTheStartAndTheDefaultPage() {
        assertThat(ListParameters.of(null, null, null))
                .isEqualTo(new ListParameters(null, 0, ApiKeyQuery.DEFAULT_MAX));
        assertThat(ListParameters.of(" ", "", "  ")).isEqualTo(ListParameters.of(null, null, null));
    }

    @ParameterizedTest(name = "status={0}")
    @CsvSource({"ACTIVE, ACTIVE", "active, ACTIVE", "' Revoked ', REVOKED", "expired, EXPIRED", "DISABLED, DISABLED"})
    void statusIsReadWhateverItsCase(String value, ApiKeyStatus expected) {
        assertThat(ListParameters.of(value, null, null).status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "status={0}")
    @ValueSource(strings = {"bogus", "SLEEPING", "ACTIVE,REVOKED", "0"})
    void unknownStatusIsInvalidRequest(String value) {
        assertThatThrownBy(() -> ListParameters.of(value, null, null))
                .isInstanceOfSatisfying(ApiKeyValidationException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_request");
                    assertThat(e.description()).startsWith("status must be one of");
                });
    }

    @ParameterizedTest(name = "first={0}")
    @CsvSource({"0, 0", "1, 1", "' 25 ', 25", "2147483647, 2147483647"})
    void firstIsANonNegativeInt(String value, int expected) {
        assertThat(ListParameters.of(null, value, null).first()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "max={0}")
    @CsvSource({"1, 1", "100, 100", "1000, 1000", "' 7 ', 7"})
    void maxIsFromOneToTheLargestPage(String value, int expected) {
        assertThat(ListParameters.of(null, null, value).max()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "first={0}")
    @ValueSource(strings = {"-1", "abc", "1.5", "+1", "1e3", "2147483648", "99999999999", "0x10"})
    void badFirstIsInvalidRequest(String value) {
        assertThatThrownBy(() -> ListParameters.of(null, value, null))
                .isInstanceOfSatisfying(ApiKeyValidationException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_request");
                    assertThat(e.description()).isEqualTo("first must be an integer from 0 to 2147483647");
                });
    }

    @ParameterizedTest(name = "max={0}")
    @ValueSource(strings = {"0", "-5", "1001", "100000", "abc", "10 0"})
    void badMaxIsInvalidRequest(String value) {
        assertThatThrownBy(() -> ListParameters.of(null, null, value))
                .isInstanceOfSatisfying(ApiKeyValidationException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_request");
                    assertThat(e.description())
                            .isEqualTo("max must be an integer from 1 to " + ListParameters.MAX_PAGE_SIZE);
                });
    }
}
