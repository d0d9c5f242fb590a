package io.apikeys.keycloak.it.security;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation with a grace period cannot be used to hold more live keys than the realm allows. */
@KeycloakIntegrationTest
@StorageSensitive
final class RotationLimitsIT {

    private static final String GRACE = "{\"gracePeriodSeconds\": 2592000}";

    private final TestRealm realm;

    RotationLimitsIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        Http.Result settings = Http.json("PUT", realm.keysUrl() + "/settings", realm.adminToken(),
                "{\"maxKeysPerClient\": 2}");
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
    }

    @Test
    void aRotatedKeyCannotBeRotatedAgain() {
        String client = realm.createServiceClient();
        ApiKeyRepresentation key = realm.createKey(r -> r.setClientId(client));
        assertThat(rotate(key.getId()).status()).isEqualTo(201);

        Http.Result again = rotate(key.getId());

        assertThat(again.status()).as(again.body()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("invalid_state");
    }

    @Test
    void rotatingAlongTheChainStopsAtTheLimit() {
        String client = realm.createServiceClient();
        String id = realm.createKey(r -> r.setClientId(client)).getId();
        Http.Result last = null;
        for (int i = 0; i < 6; i++) {
            last = rotate(id);
            if (last.status() != 201) {
                break;
            }
            id = last.json().get("id").asText();
        }

        assertThat(last.status()).as(last.body()).isEqualTo(400);
        assertThat(last.json().get("error").asText()).isEqualTo("too_many_keys");
        assertThat(Http.get(realm.keysUrl() + "?status=ACTIVE&clientId=" + client, realm.adminToken()).json().size())
                .as("the limit, plus the key being replaced during its grace period").isEqualTo(3);
    }

    private Http.Result rotate(String id) {
        return Http.json("POST", realm.keysUrl() + "/" + id + "/rotate", realm.adminToken(), GRACE);
    }
}
