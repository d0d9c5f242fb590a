package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Revocation is immediate even for a key served from memory; rate limits and source addresses are enforced. */
@KeycloakIntegrationTest
final class RevocationAndLimitsIT {

    private final TestRealm realm;

    RevocationAndLimitsIT(TestServer server) {
        realm = TestRealm.fromDemo(server).acceptingCallersFromAnyAddress();
    }

    @Test
    void aRevokedKeyFailsOnTheVeryNextRequest() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);

        realm.keys().revoke(key.getId());

        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(401);
    }

    @Test
    void rateLimitGives429WithHeadersAndRecovers() throws InterruptedException {
        String key = realm.createKey(r -> r.setRateLimit(new RateLimitRepresentation(2, 5))).getKey();
        // Windows are aligned to 5 s: three requests (well under 1 s) must fall into one.
        if (System.currentTimeMillis() % 5000 > 3500) {
            Thread.sleep(5000 - System.currentTimeMillis() % 5000);
        }

        assertThat(realm.exchange(key).status()).isEqualTo(200);
        assertThat(realm.exchange(key).status()).isEqualTo(200);
        Http.Result limited = realm.exchange(key);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 5);
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"api-key\";q=2;w=5");
        assertThat(limited.header("RateLimit")).matches("\"api-key\";r=0;t=[1-5]");

        assertThat(Poll.isTrueWithin(Duration.ofSeconds(Integer.parseInt(limited.header("Retry-After")) + 1),
                () -> realm.exchange(key).status() == 200)).as("works again once the window ends").isTrue();
    }

    /** A browser app authenticated with its own secret, exchanging a key over its limit, must be able to read the 429. */
    @Test
    void theExchangesOverLimitAnswerCarriesCorsHeaders() {
        ClientRepresentation service = realm.client(TestRealm.SERVICE);
        service.setWebOrigins(List.of("https://app.example"));
        realm.admin().clients().get(service.getId()).update(service);
        String key = realm.createKey(r -> r.setRateLimit(new RateLimitRepresentation(1, 3600))).getKey();

        Http.Result first = exchangeWithSecret(key);
        Http.Result limited = exchangeWithSecret(key);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        assertThat(limited.header("Access-Control-Expose-Headers")).contains("Retry-After", "RateLimit-Policy", "RateLimit");
    }

    private Http.Result exchangeWithSecret(String key) {
        return Http.form(realm.tokenUrl()).basicAuth(TestRealm.SERVICE, TestRealm.SERVICE_SECRET)
                .header("Origin", "https://app.example")
                .param("grant_type", TestRealm.TOKEN_EXCHANGE).param("subject_token", key)
                .param("subject_token_type", TestRealm.API_KEY_TOKEN_TYPE).post();
    }

    @Test
    void sourceAddressInsideAndOutsideTheAllowList() {
        String key = realm.createKey(r -> r.setAllowedIps(List.of("203.0.113.0/24", "2001:db8::/32"))).getKey();

        assertThat(realm.exchangeFrom(key, "203.0.113.7").status()).isEqualTo(200);
        assertThat(realm.exchangeFrom(key, "2001:db8::1").status()).isEqualTo(200);
        assertThat(realm.exchangeFrom(key, "198.51.100.1").status()).isEqualTo(401);
        assertThat(realm.exchange(key).status()).as("127.0.0.1 is not in the list").isEqualTo(401);
    }

}
