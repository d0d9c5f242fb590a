package io.apikeys.keycloak.answer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAnswerTest {

    @Test
    void theRealmNameIsAQuotedStringInTheChallenge() {
        assertThat(BearerAnswer.challenge("demo")).isEqualTo("Bearer realm=\"demo\"");
        assertThat(BearerAnswer.challenge("a\"b\\c")).isEqualTo("Bearer realm=\"a\\\"b\\\\c\"");
    }
}
