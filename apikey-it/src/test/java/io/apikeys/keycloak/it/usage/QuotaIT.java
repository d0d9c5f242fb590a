package io.apikeys.keycloak.it.usage;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.QuotaRepresentation;
import io.apikeys.keycloak.client.QuotaUseRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.client.RotateRequest;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's quota: so many accepted uses per UTC day or month on every path, then {@code 429 quota_exceeded} until
 * the period ends; a rotated key goes on with the period's count.
 */
@KeycloakIntegrationTest
@StorageSensitive
final class QuotaIT {

    private final TestServer server;
    private final TestRealm realm;

    QuotaIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
    }

    @Test
    void threeUsesOfADailyQuotaThen429UntilTheEndOfTheUtcDay() throws InterruptedException {
        long intoDay = System.currentTimeMillis() % 86_400_000L;
        if (intoDay > 86_400_000L - 20_000) {
            Thread.sleep(86_400_000L - intoDay + 1_000);
        }
        ApiKeyRepresentation key = realm.createKey(r -> r.setQuota(new QuotaRepresentation(3, "DAY")));
        assertThat(realm.keys().get(key.getId()).getQuota().getPeriod()).isEqualTo("DAY");

        for (int i = 0; i < 3; i++) {
            assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
        }
        Http.Result refused = realm.exchange(key.getKey());
        long secondsToMidnight = (LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                .toEpochMilli() - System.currentTimeMillis()) / 1000;

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("quota_exceeded");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(secondsToMidnight - 5, secondsToMidnight + 5);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"quota\";q=3;w=86400");
        assertThat(refused.header("RateLimit")).startsWith("\"quota\";r=0;t=");
        EventRepresentation event = Events.await(realm, Events.withDetail("reason", "quota_exceeded")
                .and(Events.withDetail("api_key_id", key.getId())));
        assertThat(event.getType()).isEqualTo("TOKEN_EXCHANGE_ERROR");

        realm.awaitUsage(key.getId(), 3, 1);
    }

    @Test
    void everyPathSpendsTheSameQuotaAndIsRefusedOnceItIsUsedUp() {
        String key = realm.createKey(r -> r.setQuota(new QuotaRepresentation(4, "MONTH"))).getKey();
        List<Function<String, Http.Result>> paths = List.of(
                realm::exchange,
                k -> Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                        .basicAuth(TestRealm.SERVICE, k).post(),
                k -> realm.introspect(k, null),
                k -> Http.request("GET", server.realmUrl(realm.name()) + "/api-keys/check", "X-API-Key", k));

        assertThat(paths).allSatisfy(path -> assertThat(path.apply(key).status()).isEqualTo(200));

        assertThat(paths).allSatisfy(path -> {
            Http.Result refused = path.apply(key);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("error").asText()).isEqualTo("quota_exceeded");
            long secondsInMonth = LocalDate.now(ZoneOffset.UTC).lengthOfMonth() * 86_400L;
            assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"quota\";q=4;w=" + secondsInMonth);
        });
    }

    @Test
    void aRotatedKeyCarriesTheQuotaAndGoesOnWithThePeriodsCount() {
        ApiKeyRepresentation old = realm.createKey(r -> r.setQuota(new QuotaRepresentation(3, "MONTH")));
        assertThat(realm.exchange(old.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(old.getKey()).status()).isEqualTo(200);

        ApiKeyRepresentation successor = realm.keys().rotate(old.getId(), new RotateRequest(3600L));

        assertThat(successor.getQuota().getRequests()).isEqualTo(3);
        assertThat(successor.getQuota().getPeriod()).isEqualTo("MONTH");
        assertThat(realm.exchange(successor.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(successor.getKey()).status()).as("the third use of the month").isEqualTo(429);
        assertThat(realm.exchange(old.getKey()).status()).as("the key in its grace period shares it").isEqualTo(429);

        QuotaUseRepresentation use = realm.keys().quota(successor.getId());
        assertThat(use.getUsed()).as("the chain's count, as the cluster holds it: no flush to wait for").isEqualTo(3);
        assertThat(use.getRequests()).isEqualTo(3);
        assertThat(use.getPeriodEnd()).isEqualTo(LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        assertThat(realm.keys().quota(realm.createKey(r -> { }).getId()).getRequests()).as("no quota").isNull();
    }

    @Test
    void raisingOrRemovingTheQuotaLetsAUsedUpKeyWorkAgain() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setQuota(new QuotaRepresentation(1, "DAY")));
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(429);

        Http.Result raised = Http.json("PUT", realm.keysUrl() + "/" + key.getId(), realm.adminToken(),
                "{\"quota\":{\"requests\":2,\"period\":\"DAY\"}}");
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(429);

        Http.Result removed = Http.json("PUT", realm.keysUrl() + "/" + key.getId(), realm.adminToken(),
                "{\"quota\":null}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().has("quota")).isFalse();
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
    }

    /** Someone holding a key cannot drain its quota through uses that are refused anyway. */
    @Test
    void aKeySentForAnotherClientOrAnotherGrantDoesNotSpendTheQuota() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setQuota(new QuotaRepresentation(1, "DAY")));

        Http.Result otherClient = Http.form(realm.tokenUrl()).param("grant_type", "client_credentials")
                .basicAuth(TestRealm.GATEWAY, key.getKey()).post();
        Http.Result otherGrant = Http.form(realm.tokenUrl()).param("grant_type", "password")
                .param("username", "demo-user").param("password", "x").basicAuth(TestRealm.SERVICE, key.getKey()).post();

        assertThat(otherClient.status()).isEqualTo(401);
        assertThat(otherGrant.status()).isEqualTo(401);
        assertThat(realm.exchange(key.getKey()).status()).as("the day's one use is still there").isEqualTo(200);
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(429);
    }

    @Test
    void aRateLimitRefusalDoesNotSpendTheQuota() {
        ApiKeyRepresentation key = realm.createKey(r -> {
            r.setQuota(new QuotaRepresentation(2, "DAY"));
            r.setRateLimit(new RateLimitRepresentation(1, 3600));
        });
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
        assertThat(realm.exchange(key.getKey()).json().get("error").asText()).isEqualTo("too_many_requests");

        Http.Result noLimit = Http.json("PUT", realm.keysUrl() + "/" + key.getId(), realm.adminToken(),
                "{\"rateLimit\":null}");
        assertThat(noLimit.status()).isEqualTo(200);

        assertThat(realm.exchange(key.getKey()).status()).as("the second of 2").isEqualTo(200);
        assertThat(realm.exchange(key.getKey()).json().get("error").asText()).isEqualTo("quota_exceeded");
    }
}
