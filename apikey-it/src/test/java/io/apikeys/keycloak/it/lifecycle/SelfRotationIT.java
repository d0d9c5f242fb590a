package io.apikeys.keycloak.it.lifecycle;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.QuotaRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKeyFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A key that may rotate itself does, keeps its settings and chain, and a reused one takes its whole chain down. */
@KeycloakIntegrationTest
final class SelfRotationIT {

    private final TestRealm realm;

    SelfRotationIT(TestServer server) {
        realm = TestRealm.fromDemo(server).acceptingCallersFromAnyAddress();
    }

    @Test
    void aKeyWithSelfRotationReplacesItselfAndTheOldOneWorksInItsGracePeriod() {
        ApiKeyRepresentation old = realm.createKey(r -> {
            r.setSelfRotation(true);
            r.setScopes(java.util.List.of("orders:read"));
            r.setQuota(new QuotaRepresentation(100, "DAY"));
        });
        assertThat(old.getSelfRotation()).isTrue();

        Http.Result rotated = rotate(old.getKey(), "{\"gracePeriodSeconds\":3600}");

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String successor = rotated.json().get("key").asText();
        assertThat(rotated.json().get("rotatedFromId").asText()).isEqualTo(old.getId());
        assertThat(rotated.json().get("selfRotation").asBoolean()).isTrue();
        assertThat(rotated.json().get("scopes").get(0).asText()).isEqualTo("orders:read");
        assertThat(rotated.json().get("quota").get("requests").asInt()).isEqualTo(100);
        assertThat(realm.exchange(successor).status()).isEqualTo(200);
        assertThat(realm.exchange(old.getKey()).status()).as("in its grace period").isEqualTo(200);
        assertThat(realm.keys().get(old.getId()).getExpiresTimestamp()).isNotNull();
    }

    @Test
    void withoutTheFlagItIs403() {
        ApiKeyRepresentation key = realm.createKey(r -> { });

        Http.Result refused = rotate(key.getKey(), "");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("self_rotation_not_allowed");
        assertThat(realm.keys().get(key.getId()).getStatus()).isEqualTo("ACTIVE");
    }

    @Test
    void reusingARotatedKeyRevokesTheWholeChainWithTheUniformRefusal() {
        ApiKeyRepresentation first = realm.createKey(r -> r.setSelfRotation(true));
        String second = rotate(first.getKey(), "{\"gracePeriodSeconds\":3600}").json().get("key").asText();
        Http.Result third = rotate(second, "{\"gracePeriodSeconds\":3600}");
        assertThat(third.status()).isEqualTo(201);

        Http.Result reused = rotate(first.getKey(), "");
        Http.Result unknown = rotate(ApiKeyFormat.generate("kcak").reveal(), "");

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.body()).isEqualTo(unknown.body()).isEqualTo("{\"error\":\"invalid_token\"}");
        assertThat(reused.header("WWW-Authenticate")).isEqualTo(unknown.header("WWW-Authenticate"));
        for (ApiKeyRepresentation member : realm.keys().list(null, null, null, 0, 100)) {
            if (first.getId().equals(member.getId()) || first.getId().equals(member.getRotatedFromId())
                    || third.json().get("id").asText().equals(member.getId())) {
                assertThat(member.getStatus()).as(member.getName()).isEqualTo("REVOKED");
                assertThat(member.getRevokedReason()).isEqualTo("REUSED");
            }
        }
        assertThat(realm.exchange(third.json().get("key").asText()).status()).isEqualTo(401);
    }

    @Test
    void aBadGracePeriodIs400AndChangesNothing() {
        ApiKeyRepresentation key = realm.createKey(r -> r.setSelfRotation(true));

        Http.Result refused = rotate(key.getKey(), "{\"gracePeriodSeconds\":99999999}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grace_period");
        assertThat(rotate(key.getKey(), "").status()).as("still rotatable").isEqualTo(201);
    }

    private Http.Result rotate(String key, String body) {
        return Http.postJson(realm.realmUrl() + "/api-keys/self/rotate", body, "X-API-Key", key);
    }
}
