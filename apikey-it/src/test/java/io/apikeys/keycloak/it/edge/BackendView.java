package io.apikeys.keycloak.it.edge;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.RecordingBackend;
import io.apikeys.keycloak.it.harness.TestRealm;

import static org.assertj.core.api.Assertions.assertThat;

/** What a backend behind a gateway must see of a key: its identity headers, never the key itself. */
final class BackendView {

    private BackendView() {
    }

    static void showsTheKeysIdentityButNotTheKey(RecordingBackend.Request seen, ApiKeyRepresentation key, TestRealm realm) {
        assertThat(seen.path()).isEqualTo("/api/orders/42");
        assertThat(seen.header("X-Client-Id")).isEqualTo(TestRealm.SERVICE);
        assertThat(seen.header("X-Api-Key-Id")).isEqualTo(key.getId());
        assertThat(seen.header("X-Subject")).isEqualTo(realm.serviceAccountId());
        assertThat(seen.headers().toString()).doesNotContain(key.getKey());
    }
}
