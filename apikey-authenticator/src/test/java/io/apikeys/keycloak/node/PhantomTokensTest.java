package io.apikeys.keycloak.node;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PhantomTokensTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final PhantomTokens tokens = new PhantomTokens(2, now::get);

    @Test
    void aTokenIsReusedWhileAtLeastAFifthOfItsLifetimeIsLeft() {
        tokens.keep("k1", 3, "jwt-1", 5);

        now.set(1_000 + 4);
        assertThat(tokens.reusable("k1", 3)).contains("jwt-1");
        now.set(1_000 + 5);
        assertThat(tokens.reusable("k1", 3)).isEmpty();
    }

    @Test
    void aTokenIsReusedForFiveSecondsAtMostSoThatRoleChangesArriveSoon() {
        tokens.keep("k1", 3, "jwt-1", 300);

        now.set(1_000 + 5);
        assertThat(tokens.reusable("k1", 3)).contains("jwt-1");
        now.set(1_000 + 6);
        assertThat(tokens.reusable("k1", 3)).isEmpty();
    }

    @Test
    void anotherVersionOfTheKeyGetsANewToken() {
        tokens.keep("k1", 3, "jwt-1", 300);

        assertThat(tokens.reusable("k1", 4)).isEmpty();
        assertThat(tokens.reusable("k2", 3)).isEmpty();
    }

    @Test
    void whenFullOfLiveTokensNewKeysAreNotKeptAndExpiredOnesMakeRoom() {
        tokens.keep("k1", 1, "jwt-1", 300);
        now.addAndGet(3);
        tokens.keep("k2", 1, "jwt-2", 300);
        tokens.keep("k3", 1, "jwt-3", 300);
        assertThat(tokens.reusable("k3", 1)).isEmpty();
        assertThat(tokens.size()).isEqualTo(2);

        now.addAndGet(3);
        tokens.keep("k3", 1, "jwt-3", 300);

        assertThat(tokens.reusable("k3", 1)).contains("jwt-3");
        assertThat(tokens.reusable("k2", 1)).contains("jwt-2");
        assertThat(tokens.reusable("k1", 1)).isEmpty();
        assertThat(tokens.size()).isEqualTo(2);
    }

    @Test
    void aKeyAlreadyKeptIsRenewedEvenWhenFull() {
        tokens.keep("k1", 1, "jwt-1", 300);
        tokens.keep("k2", 1, "jwt-2", 300);

        tokens.keep("k1", 2, "jwt-1b", 300);

        assertThat(tokens.reusable("k1", 2)).contains("jwt-1b");
    }
}
