package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.AllowanceDecision;
import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.ClusterAllowances;
import io.apikeys.keycloak.limit.FixedWindowCounters;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.usage.MeteredKey;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Optional;
import java.util.function.Consumer;

/** A session's view of the node's services; the state is {@link DefaultNodeServicesFactory}'s. */
final class DefaultNodeServices implements ApiKeyNodeServices {

    private final KeycloakSession session;
    private final ClusterAllowances allowances;
    private final SourceAddressThrottle throttle;
    private final LastUsedRecorder lastUsed;
    private final UsageWriter usage;
    private final ApiKeyMetrics metrics;
    private final PhantomTokens phantomTokens;
    private final Consumer<String> pruneSoon;
    private final FixedWindowCounters leakReports;
    static final int LEAK_REPORTS_PER_MINUTE = 10;
    private static final RateLimit LEAK_REPORT_LIMIT = new RateLimit(LEAK_REPORTS_PER_MINUTE, 60);

    DefaultNodeServices(KeycloakSession session, ClusterAllowances allowances, SourceAddressThrottle throttle,
                        LastUsedRecorder lastUsed, UsageWriter usage, ApiKeyMetrics metrics,
                        PhantomTokens phantomTokens, Consumer<String> pruneSoon, FixedWindowCounters leakReports) {
        this.session = session;
        this.allowances = allowances;
        this.throttle = throttle;
        this.lastUsed = lastUsed;
        this.usage = usage;
        this.metrics = metrics;
        this.phantomTokens = phantomTokens;
        this.pruneSoon = pruneSoon;
        this.leakReports = leakReports;
    }

    @Override
    public boolean allowLeakReport(String remoteAddress, long nowMillis) {
        return leakReports.acquire(remoteAddress == null ? "" : remoteAddress, LEAK_REPORT_LIMIT, nowMillis).allowed();
    }

    @Override
    public void leakReported(RealmModel realm, String source, String action) {
        metrics.leak(realm.getName(), source, action);
    }

    @Override
    public void automaticAction(RealmModel realm, String action) {
        metrics.automaticAction(realm.getName(), action);
    }

    @Override
    public void noticeEmail(String result) {
        metrics.noticeEmail(result);
    }

    @Override
    public boolean isThrottled(String remoteAddress, long nowMillis) {
        return throttle.isThrottled(remoteAddress, nowMillis);
    }

    @Override
    public Optional<AllowanceDecision> takeUse(StoredApiKey key, long nowMillis) {
        if (key.rateLimit() != null) {
            AllowanceDecision decision = allowances.acquire(key.lineageId(), key.rateLimit(), nowMillis);
            if (!decision.allowed()) {
                return Optional.of(decision);
            }
        }
        if (key.quota() != null) {
            AllowanceDecision decision = allowances.acquire(key.lineageId(), key.quota(), nowMillis);
            if (!decision.allowed()) {
                return Optional.of(decision);
            }
        }
        return Optional.empty();
    }

    @Override
    public int quotaUsed(StoredApiKey key, long nowMillis) {
        return key.quota() == null ? 0
                : Math.min(key.quota().requests(), allowances.used(key.lineageId(), key.quota(), nowMillis));
    }

    @Override
    public void accepted(RealmModel realm, StoredApiKey key, String clientId, String remoteAddress, long nowMillis) {
        lastUsed.record(key.id(), nowMillis, remoteAddress);
        usage.meter().accepted(metered(key, clientId), nowMillis);
        metrics.use(realm.getName(), "accepted");
    }

    @Override
    public void overLimit(RealmModel realm, StoredApiKey key, String clientId, String outcome, long nowMillis) {
        usage.meter().refused(metered(key, clientId), nowMillis);
        metrics.use(realm.getName(), outcome);
    }

    @Override
    public void rejected(RealmModel realm, String outcome, String remoteAddress, long nowMillis) {
        if (remoteAddress != null) {
            throttle.recordFailure(remoteAddress, nowMillis);
        }
        metrics.use(realm.getName(), outcome);
    }

    private static MeteredKey metered(StoredApiKey key, String clientId) {
        return new MeteredKey(key.id(), key.realmId(), key.clientUuid(), clientId, key.name());
    }

    @Override
    public PhantomTokens phantomTokens() {
        return phantomTokens;
    }

    @Override
    public void pruneUsageAfterCommit(RealmModel realm) {
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                pruneSoon.accept(realmId);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    @Override
    public void close() {
    }
}
