package io.apikeys.keycloak.lifecycle;

import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.ExpiringKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Tells the contacts and creator of each key that reached one of its realm's {@code expiryNoticeDays}. A notice is
 * claimed in the key's row before it is sent (one conditional UPDATE), so each key and threshold is told once across
 * the nodes and across restarts; a key that crossed several thresholds since the last run (created to expire in two
 * days, say) gets one e-mail, for the smallest. A notice that reached no recipient (every send failed) is claimed
 * and sent again at the next run. Revoked, disabled, expired and rotated-away keys get none, and
 * neither do keys of a realm without an SMTP server (until it has one).
 */
final class ExpiryNotices {

    private final KeycloakSession session;

    ExpiryNotices(KeycloakSession session) {
        this.session = session;
    }

    /** One pass; the number of notices claimed. */
    int run(long nowMillis) {
        ApiKeyStore store = session.getProvider(ApiKeyStore.class);
        Map<String, RealmApiKeySettings> settings = new HashMap<>();
        // A realm without an SMTP server claims nothing, so that its keys are told once it has one.
        int largest = session.realms().getRealmsStream()
                .filter(KeyMail::canSend)
                .map(realm -> settings.computeIfAbsent(realm.getId(), id -> RealmApiKeySettings.of(realm)))
                .flatMap(s -> s.expiryNoticeDays().stream())
                .mapToInt(Integer::intValue).max().orElse(0);
        if (largest == 0) {
            return 0;
        }
        int claimed = 0;
        for (ExpiringKey key : store.expiring(nowMillis, nowMillis + TimeUnit.DAYS.toMillis(largest))) {
            RealmApiKeySettings policy = settings.get(key.realmId());
            OptionalInt threshold = policy == null ? OptionalInt.empty()
                    : policy.noticeThreshold(key.expiresTimestamp() - nowMillis);
            if (threshold.isEmpty() || (key.noticedDays() != null && key.noticedDays() <= threshold.getAsInt())) {
                continue;
            }
            int days = threshold.getAsInt();
            if (store.claimExpiryNotice(key.id(), key.expiresTimestamp(), days)) {
                RealmModel realm = session.realms().getRealm(key.realmId());
                // Sent to nobody (the mail server down): the claim is given back and the next run tries again.
                store.findById(realm, key.id()).ifPresent(found -> session.getProvider(KeyNotices.class)
                        .tellAfterCommit(realm, found, Notice.EXPIRY, Map.of("days", String.valueOf(days)),
                                mailSession -> mailSession.getProvider(ApiKeyStore.class)
                                        .releaseExpiryNotice(key.id(), days, key.noticedDays())));
                session.getProvider(ApiKeyNodeServices.class).automaticAction(realm, "expiry_notice");
                claimed++;
            }
        }
        return claimed;
    }
}
