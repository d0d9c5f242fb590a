package io.apikeys.keycloak.verification;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyResponsesTest {

    @Test
    void theRealmNameIsAQuotedStringInTheChallenge() {
        assertThat(ApiKeyResponses.bearerChallenge("demo")).isEqualTo("Bearer realm=\"demo\"");
        assertThat(ApiKeyResponses.bearerChallenge("a\"b\\c")).isEqualTo("Bearer realm=\"a\\\"b\\\\c\"");
    }
}
