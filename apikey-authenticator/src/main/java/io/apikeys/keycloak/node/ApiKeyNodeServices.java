package io.apikeys.keycloak.node;

import io.apikeys.keycloak.limit.AllowanceDecision;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import java.util.Optional;

/**
 * What this node counts and serves for key uses, beside the rows of the store: each key's rate limit and quota, the
 * throttle of addresses that keep presenting bad keys, the write-behind of last uses and hourly usage, the metrics and
 * the check endpoint's phantom tokens. One owner ({@link DefaultNodeServicesFactory}); obtained with
 * {@code session.getProvider(ApiKeyNodeServices.class)}.
 */
public interface ApiKeyNodeServices extends Provider {

    /** Whether this address failed too often lately: only keys already in this node's memory are then looked at. */
    boolean isThrottled(String remoteAddress, long nowMillis);

    /**
     * Takes one use of the key's rate limit, then of its quota, both counted for its lineage (a rotated key goes on
     * with its predecessor's count); the decision that refused, if one did. A use the rate limit refuses does not
     * count against the quota, which is what a customer pays for.
     */
    Optional<AllowanceDecision> takeUse(StoredApiKey key, long nowMillis);

    /** The uses of the key's current quota period counted so far across the cluster, taking none (0 without a quota). */
    int quotaUsed(StoredApiKey key, long nowMillis);

    /** Records a use that passed: the key's last use, its hourly usage and the metric. */
    void accepted(RealmModel realm, StoredApiKey key, String clientId, String remoteAddress, long nowMillis);

    /** Records a use its rate limit or quota refused: the key's hourly usage and the metric. */
    void overLimit(RealmModel realm, StoredApiKey key, String clientId, String outcome, long nowMillis);

    /**
     * Records a refused key use: the metric, and a failure of {@code remoteAddress} for the throttle (null: not
     * counted, as for introspection, whose caller speaks for many key holders).
     */
    void rejected(RealmModel realm, String outcome, String remoteAddress, long nowMillis);

    /**
     * Counts a leak report from {@code remoteAddress}; false when that address sent more than
     * {@value DefaultNodeServices#LEAK_REPORTS_PER_MINUTE} a minute (per node), and the report is then refused.
     */
    boolean allowLeakReport(String remoteAddress, long nowMillis);

    /** Counts a key reported as leaked, by where it was found and what was done ({@code leakedKeyAction}). */
    void leakReported(RealmModel realm, String source, String action);

    /** Counts an action taken on a key with nobody acting (see {@code ApiKeyMetrics.AUTOMATIC_ACTIONS}). */
    void automaticAction(RealmModel realm, String action);

    /** Counts an e-mail about a key, {@code sent} or {@code failed}. */
    void noticeEmail(String result);

    /** The JWTs this node minted for the check endpoint, reused for a few seconds. */
    PhantomTokens phantomTokens();

    /** Prunes the realm's usage to its (changed) retention once this transaction commits. */
    void pruneUsageAfterCommit(RealmModel realm);
}
