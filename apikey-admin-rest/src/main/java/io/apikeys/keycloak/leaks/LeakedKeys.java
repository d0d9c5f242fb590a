package io.apikeys.keycloak.leaks;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.lifecycle.KeyNotices;
import io.apikeys.keycloak.lifecycle.Notice;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.policy.LeakedKeyAction;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.rest.KeyAdminEvents;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What happens to a key someone reports as leaked: the realm's {@code leakedKeyAction} (revoke, disable, or only
 * report), an admin event on the key (its representation, the report's source and URL, never the key), an e-mail to
 * its contacts and creator, and metrics.
 * A string that is no key of this realm (any of its prefixes, current or earlier) changes nothing.
 */
final class LeakedKeys {

    static final String SOURCE_DETAIL = "leak_source";
    static final String URL_DETAIL = "leak_url";
    static final String ACTION_DETAIL = "leak_action";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyStore store;
    private final LeakedKeyAction action;

    LeakedKeys(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = session.getProvider(ApiKeyStore.class);
        this.action = RealmApiKeySettings.of(realm).leakedKeyAction();
    }

    /**
     * Applies the action to the key in {@code presented}, if it is one of this realm's.
     *
     * @param source where the leak was found ({@code github}, {@code report}); @param url where, if known
     * @return whether it was a key of this realm (whatever its status)
     */
    boolean report(String presented, String source, String url) {
        Optional<ApiKey> key = presented == null ? Optional.empty()
                : ApiKeyFormat.parse(presented, RealmApiKeySettings.acceptedPrefixes(realm));
        Optional<StoredApiKey> found = key.flatMap(k -> store.findByHash(realm, k.hash()));
        if (found.isEmpty()) {
            return false;
        }
        StoredApiKey leaked = found.get();
        ApiKeyStatus status = leaked.status(Time.currentTimeMillis());
        StoredApiKey after = switch (action) {
            case REVOKE -> status == ApiKeyStatus.REVOKED ? leaked
                    : store.revoke(realm, leaked.id(), StoredApiKey.LEAKED);
            case DISABLE -> status == ApiKeyStatus.REVOKED || !leaked.enabled() ? leaked
                    : store.disable(realm, leaked.id(), StoredApiKey.LEAKED);
            case REPORT -> leaked;
        };
        event(after, source, url);
        ApiKeyNodeServices node = session.getProvider(ApiKeyNodeServices.class);
        node.leakReported(realm, source, action.name());
        node.automaticAction(realm, "leak_" + action.name().toLowerCase(Locale.ROOT));
        session.getProvider(KeyNotices.class).tellAfterCommit(realm, after, Notice.LEAKED, Map.of("source", source,
                "url", url == null || url.isBlank() ? "-" : shortened(url), "action", action.name()));
        return true;
    }

    private static String shortened(String url) {
        return url.length() > 1000 ? url.substring(0, 1000) : url;
    }

    private void event(StoredApiKey key, String source, String url) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(SOURCE_DETAIL, source);
        details.put(ACTION_DETAIL, action.name());
        if (url != null && !url.isBlank()) {
            details.put(URL_DETAIL, shortened(url));
        }
        KeyAdminEvents.withoutAdmin(session, realm, OperationType.ACTION, key, details);
    }
}
