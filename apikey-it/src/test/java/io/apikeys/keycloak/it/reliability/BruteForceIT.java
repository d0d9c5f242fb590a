package io.apikeys.keycloak.it.reliability;

import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKeyFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing keys from one address: after 100 failures in a minute (the default policy) that address is refused
 * without a lookup, yet the key holders are not locked out: a key this node already verified still works from
 * there, every key works from other addresses, and a gateway's introspection is never throttled.
 */
@KeycloakIntegrationTest
final class BruteForceIT {

    private static final int MAX_FAILURES = 100;
    private static final long WINDOW_MILLIS = 60_000;
    private static final String ATTACKER = "198.51.100.200";
    private static final String ELSEWHERE = "198.51.100.201";

    private final TestServer server;
    private final TestRealm realm;

    BruteForceIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server).acceptingCallersFromAnyAddress();
    }

    @Test
    void manyFailuresFromOneAddressAreRefusedWithoutLockingOutKeyHolders() throws InterruptedException {
        long start = System.currentTimeMillis();
        String usedBefore = realm.createKey();
        String neverUsed = realm.createKey();
        String introspectedOnly = realm.createKey();
        awaitRoomInTheCurrentWindow();
        assertThat(realm.exchangeFrom(usedBefore, ATTACKER).status()).isEqualTo(200);

        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(realm.exchangeFrom(ApiKeyFormat.generate("kcak").reveal(), ATTACKER).status()).isEqualTo(401);
        }

        assertThat(realm.exchangeFrom(neverUsed, ATTACKER).status())
                .as("a valid key is not even looked up from a throttled address").isEqualTo(401);
        assertThat(realm.exchangeFrom(usedBefore, ATTACKER).status())
                .as("a key this node verified before still works from there").isEqualTo(200);
        assertThat(realm.exchangeFrom(neverUsed, ELSEWHERE).status())
                .as("other addresses are not affected").isEqualTo(200);
        assertThat(realm.introspectFrom(introspectedOnly, TestRealm.API_KEY_HINT, ATTACKER).json().get("active").asBoolean())
                .as("introspection by an authenticated gateway is not throttled").isTrue();

        assertThat(Events.await(realm, Events.since(start).and(Events.withDetail("reason", "address_throttled"))).getIpAddress())
                .isEqualTo(ATTACKER);
        assertThat(Events.await(realm, Events.since(start).and(Events.withDetail("reason", "unknown_key"))).getIpAddress())
                .isEqualTo(ATTACKER);
        assertThat(server.logText()).contains(MAX_FAILURES + " failed API key uses from " + ATTACKER);
    }

    /**
     * The policy counts in fixed windows aligned to the minute: the 100 failures (about 2 s) must fall into one, so
     * with less than 15 s of this window left the test starts at the next one.
     */
    private static void awaitRoomInTheCurrentWindow() throws InterruptedException {
        long intoWindow = System.currentTimeMillis() % WINDOW_MILLIS;
        if (WINDOW_MILLIS - intoWindow < 15_000) {
            Thread.sleep(WINDOW_MILLIS - intoWindow + 200);
        }
    }
}
