package io.apikeys.keycloak.it.admin;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeysResource;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.client.RotateRequest;
import io.apikeys.keycloak.it.harness.IssuedKeys;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole life of a key through the typed Java client: create, list, get, update, rotate, revoke, delete. */
@KeycloakIntegrationTest
@StorageSensitive
final class ApiKeyLifecycleIT {

    private final TestRealm realm;
    private final ApiKeysResource keys;

    ApiKeyLifecycleIT(TestServer server) {
        realm = TestRealm.fromDemo(server);
        keys = realm.keys();
    }

    @Test
    void fullLifecycle() {
        long expires = System.currentTimeMillis() + 86_400_000L;
        ApiKeyRepresentation request = new ApiKeyRepresentation();
        request.setClientId(TestRealm.SERVICE);
        request.setName("ci-deploy");
        request.setDescription("deploys from CI");
        request.setScopes(List.of("orders:read"));
        request.setRoles(List.of("orders-reader", "demo-service/read"));
        request.setAudiences(List.of("demo-gateway"));
        request.setAllowedIps(List.of("10.1.2.3/8", "2001:db8::/32", "127.0.0.1"));
        request.setRateLimit(new RateLimitRepresentation(100, 60));
        request.setTokenLifespanSeconds(120);
        request.setAttributes(Map.of("team", "payments"));
        request.setExpiresTimestamp(expires);

        ApiKeyRepresentation created = keys.create(request);
        IssuedKeys.remember(created.getKey());

        assertThat(created.getKey()).matches("kcak_[0-9A-Za-z]{38}");
        assertThat(created.getStart()).isEqualTo(created.getKey().substring(0, 12));
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getClientId()).isEqualTo("demo-service");
        assertThat(created.getStatus()).isEqualTo("ACTIVE");
        assertThat(created.getEnabled()).isTrue();
        assertThat(created.getScopes()).containsExactly("orders:read");
        assertThat(created.getRoles()).containsExactly("orders-reader", "demo-service/read");
        assertThat(created.getAudiences()).containsExactly("demo-gateway");
        assertThat(created.getAllowedIps()).containsExactly("10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32", "127.0.0.1");
        assertThat(created.getRateLimit().getRequests()).isEqualTo(100);
        assertThat(created.getRateLimit().getWindowSeconds()).isEqualTo(60);
        assertThat(created.getTokenLifespanSeconds()).isEqualTo(120);
        assertThat(created.getAttributes()).containsEntry("team", "payments");
        assertThat(created.getExpiresTimestamp()).isEqualTo(expires);
        assertThat(created.getCreatedTimestamp()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(created.getCreatedBy()).isNotBlank();
        assertThat(created.getLastUsedTimestamp()).isNull();
        assertThat(created.getRevokedTimestamp()).isNull();
        assertThat(created.getRotatedFromId()).isNull();
        assertThat(created.getWarnings()).isNull();

        ApiKeyRepresentation read = keys.get(created.getId());
        assertThat(read.getKey()).as("the key is shown only once").isNull();
        assertThat(read.getStart()).isEqualTo(created.getStart());
        assertThat(keys.list("demo-service", null, null, null, null)).extracting(ApiKeyRepresentation::getId)
                .contains(created.getId());

        ApiKeyRepresentation change = new ApiKeyRepresentation();
        change.setName("ci-deploy-2");
        change.setEnabled(false);
        ApiKeyRepresentation updated = keys.update(created.getId(), change);
        assertThat(updated.getName()).isEqualTo("ci-deploy-2");
        assertThat(updated.getStatus()).isEqualTo("DISABLED");
        assertThat(updated.getScopes()).as("fields left out stay as they were").containsExactly("orders:read");

        change.setEnabled(true);
        keys.update(created.getId(), change);
        ApiKeyRepresentation rotated = keys.rotate(created.getId(), new RotateRequest(3600L));
        IssuedKeys.remember(rotated.getKey());
        assertThat(rotated.getKey()).isNotEqualTo(created.getKey());
        assertThat(rotated.getRotatedFromId()).isEqualTo(created.getId());
        assertThat(rotated.getScopes()).containsExactly("orders:read");
        assertThat(keys.get(created.getId()).getExpiresTimestamp())
                .isCloseTo(System.currentTimeMillis() + 3_600_000L, org.assertj.core.data.Offset.offset(60_000L));

        keys.revoke(rotated.getId());
        ApiKeyRepresentation revoked = keys.get(rotated.getId());
        assertThat(revoked.getStatus()).isEqualTo("REVOKED");
        assertThat(revoked.getRevokedTimestamp()).isNotNull();
        assertThat(keys.list(null, "REVOKED", null, null, null)).extracting(ApiKeyRepresentation::getId)
                .containsExactly(rotated.getId());

        keys.delete(rotated.getId());
        assertThatThrownBy(() -> keys.get(rotated.getId())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listIsNewestFirstAndPaged() {
        String first = realm.createKey(r -> r.setName("paging-a")).getId();
        String second = realm.createKey(r -> r.setName("paging-b")).getId();

        assertThat(keys.list(null, null, "paging-", null, null)).extracting(ApiKeyRepresentation::getId)
                .containsExactly(second, first);
        assertThat(keys.list(null, null, "paging-", 1, 1)).extracting(ApiKeyRepresentation::getId)
                .containsExactly(first);
    }
}
