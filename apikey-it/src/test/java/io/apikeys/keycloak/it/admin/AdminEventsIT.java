package io.apikeys.keycloak.it.admin;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.RotateRequest;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKeyHash;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every change is an admin event of type API_KEY, and no event holds the key or its hash. */
@KeycloakIntegrationTest
final class AdminEventsIT {

    private final TestRealm realm;

    AdminEventsIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
    }

    @Test
    void changesAreAdminEventsWithoutSecrets() {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        ApiKeyRepresentation change = new ApiKeyRepresentation();
        change.setDescription("changed");
        realm.keys().update(key.getId(), change);
        ApiKeyRepresentation rotated = realm.keys().rotate(key.getId(), new RotateRequest(60L));
        IssuedKeys.remember(rotated.getKey());
        realm.keys().revoke(rotated.getId());
        realm.keys().delete(key.getId());

        List<AdminEventRepresentation> events = Events.admin(realm).stream()
                .filter(event -> "API_KEY".equals(event.getResourceType())).toList();

        assertThat(events).extracting(e -> e.getOperationType() + " " + e.getResourcePath()).contains(
                "CREATE api-keys/" + key.getId(),
                "UPDATE api-keys/" + key.getId(),
                "ACTION api-keys/" + key.getId(),
                "CREATE api-keys/" + rotated.getId(),
                "ACTION api-keys/" + rotated.getId(),
                "DELETE api-keys/" + key.getId());
        assertThat(events).allSatisfy(event -> assertThat(event.getRepresentation())
                .isNotBlank()
                .doesNotContain(key.getKey(), rotated.getKey())
                .doesNotContain(ApiKeyHash.of(key.getKey()).hex(), ApiKeyHash.of(rotated.getKey()).hex()));
    }
}
