package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.key.AllowedIps;
import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.policy.ApiKeyDraft;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.TestKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class ApiKeyDraftTest {

    @Test
    void nullCollectionsBecomeEmpty() {
        ApiKeyDraft draft = new ApiKeyDraft("ci", null, true, null, null, null, null, null, null, null, null, null, false, null);
        assertThat(draft.scopes()).isEmpty();
        assertThat(draft.roles()).isEmpty();
        assertThat(draft.audiences()).isEmpty();
        assertThat(draft.allowedIps()).isEmpty();
        assertThat(draft.attributes()).isEmpty();
    }

    @Test
    void keepsItsOwnImmutableCopies() {
        List<String> scopes = new ArrayList<>(List.of("email"));
        Map<String, String> attributes = new HashMap<>(Map.of("team", "ops"));
        ApiKeyDraft draft = new ApiKeyDraft("ci", null, true, null, scopes, null, null, null, null, null, null, attributes, false, null);
        scopes.add("profile");
        attributes.put("team", "dev");
        assertThat(draft.scopes()).containsExactly("email");
        assertThat(draft.attributes()).containsExactly(Map.entry("team", "ops"));
        assertThatThrownBy(() -> draft.scopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reproducesAStoredKeysSettings() {
        StoredApiKey stored = TestKeys.key().name("ci").description("deploys").enabled(false).scopes("email")
                .roles("admin").audiences("api").allowedIps(AllowedIps.parse(List.of("10.1.2.3/8")))
                .rateLimit(new RateLimit(10, 60)).quota(new Quota(5, Quota.Period.MONTH)).tokenLifespanSeconds(120).attributes(Map.of("team", "ops"))
                .expires(99L).build();
        assertThat(stored.toDraft()).isEqualTo(new ApiKeyDraft("ci", "deploys", false, 99L, List.of("email"),
                List.of("admin"), List.of("api"), List.of("10.0.0.0/8"), new RateLimit(10, 60),
                new Quota(5, Quota.Period.MONTH), 120,
                Map.of("team", "ops"), false, List.of()));
    }
}
