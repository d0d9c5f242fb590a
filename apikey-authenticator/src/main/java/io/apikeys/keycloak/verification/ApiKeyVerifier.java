package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.ApiKeyStatus;
import io.apikeys.keycloak.limit.AllowanceDecision;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.policy.AdminRoleExposure;
import io.apikeys.keycloak.policy.PersonalKeySettings;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.policy.RoleNames;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

import java.util.Optional;

/**
 * The one place that decides whether a presented key may be used now: well-formed for this realm (parsed once,
 * here, with no I/O), found in this realm, ACTIVE, its client enabled and using the key authenticator, its subject
 * able to act (the client's enabled service account, or for a personal key its user, enabled, not locked out,
 * holding the key's roles, the client still listed for personal keys), its restrictions enforceable, the caller's address allowed, asked to authenticate its own
 * client for a grant keys may open ({@link KeyUse}), and within its rate limit and quota.
 * Every entry point (client authenticator, token exchange, introspection, the check endpoint) goes through here,
 * once per request, so this is also where a use is counted for the key's usage: {@code accepted} when it passes,
 * {@code refused} when its rate limit or quota refuses it (other refusals are not uses of the key's allowance).
 */
public final class ApiKeyVerifier {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyStore store;
    private final ApiKeyNodeServices node;

    public ApiKeyVerifier(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = session.getProvider(ApiKeyStore.class);
        this.node = session.getProvider(ApiKeyNodeServices.class);
    }

    /** The key in {@code candidate} if it has one of the realm's prefixes and a valid checksum; no I/O. */
    public Optional<ApiKey> parse(String candidate) {
        // Every client authentication of the realm passes here; a request without a candidate costs nothing.
        return candidate == null ? Optional.empty() : ApiKeyFormat.parse(candidate, RealmApiKeySettings.acceptedPrefixes(realm));
    }

    /**
     * Checks a key used from {@code remoteAddress} for {@code use}, as {@link #parse} gave it (empty: malformed,
     * refused and counted as a failure of that address); a use that passes counts against its rate limit and quota.
     */
    public Verification verify(Optional<ApiKey> key, String remoteAddress, KeyUse use) {
        return verify(key, remoteAddress, use, true);
    }

    /**
     * Checks a key shown by a gateway that authenticated as {@code caller}, as {@link #parse} gave it: everything but
     * {@code allowedIps}, which concern the key holder's address; a key with audiences must name the caller.
     */
    public Verification verifyForIntrospection(Optional<ApiKey> key, ClientModel caller) {
        return verify(key, session.getContext().getConnection().getRemoteAddr(),
                KeyUse.introspectionBy(caller.getClientId()), false);
    }

    /**
     * Checks the key and records the outcome once, with the node services: an accepted use (last use, usage), one
     * its limits refused (usage), or a refusal (a failure of the address, where addresses count).
     */
    private Verification verify(Optional<ApiKey> key, String remoteAddress, KeyUse use, boolean checkAddress) {
        long now = Time.currentTimeMillis();
        boolean throttled = checkAddress && node.isThrottled(remoteAddress, now);
        Verification verification = check(key, remoteAddress, use, checkAddress, throttled, now);
        switch (verification) {
            case Verification.Accepted accepted ->
                    node.accepted(realm, accepted.key(), accepted.client().getClientId(), remoteAddress, now);
            case Verification.OverLimit limited -> node.overLimit(realm, limited.key(), limited.client().getClientId(),
                    KeyEvents.reason(limited.decision()), now);
            case Verification.Rejected rejected ->
                    node.rejected(realm, rejected.reason().eventValue(), checkAddress ? remoteAddress : null, now);
        }
        return verification;
    }

    /** @param throttled the caller's address failed too often: only keys already in this node's memory are looked at */
    private Verification check(Optional<ApiKey> parsed, String remoteAddress, KeyUse use, boolean checkAddress,
                               boolean throttled, long now) {
        if (parsed.isEmpty()) {
            return new Verification.Rejected(throttled ? FailureReason.ADDRESS_THROTTLED : FailureReason.MALFORMED_KEY,
                    null, null);
        }
        Optional<StoredApiKey> found = throttled
                ? store.findInMemory(realm, parsed.get().hash()) : store.findByHash(realm, parsed.get().hash());
        if (found.isEmpty()) {
            return new Verification.Rejected(throttled ? FailureReason.ADDRESS_THROTTLED : FailureReason.UNKNOWN_KEY,
                    null, null);
        }
        StoredApiKey key = found.get();
        Verification standing = standing(key, now);
        if (!(standing instanceof Verification.Accepted accepted)) {
            return standing;
        }
        ClientModel client = accepted.client();
        if (checkAddress && !key.allowedIps().permits(remoteAddress)) {
            return new Verification.Rejected(FailureReason.IP_NOT_ALLOWED, key.id(), client);
        }
        Optional<FailureReason> misuse = use.refusal(key, client);
        if (misuse.isPresent()) {
            return new Verification.Rejected(misuse.get(), key.id(), client);
        }
        Optional<AllowanceDecision> refusal = node.takeUse(key, now);
        return refusal.isPresent() ? new Verification.OverLimit(key, client, refusal.get()) : accepted;
    }

    /**
     * Checks the key behind a token minted from it (claim {@code api_key_id}): such a token is good only while its
     * key is. Nothing is counted: the token, not the key, is being used.
     */
    public Verification verifyKeyOfToken(String keyId, ClientModel tokenClient) {
        Optional<StoredApiKey> found = store.findForUseById(realm, keyId);
        if (found.isEmpty() || !found.get().clientUuid().equals(tokenClient.getId())) {
            return new Verification.Rejected(FailureReason.UNKNOWN_KEY, found.isEmpty() ? null : keyId, null);
        }
        return standing(found.get(), Time.currentTimeMillis());
    }

    /** Everything about the key itself, its client and service account; Accepted when the key may be used now. */
    private Verification standing(StoredApiKey key, long now) {
        ClientModel client = realm.getClientById(key.clientUuid());
        if (client == null) {
            return new Verification.Rejected(FailureReason.UNKNOWN_KEY, key.id(), null);
        }
        ApiKeyStatus status = key.status(now);
        if (status != ApiKeyStatus.ACTIVE) {
            return new Verification.Rejected(switch (status) {
                case EXPIRED -> FailureReason.EXPIRED_KEY;
                case REVOKED -> FailureReason.REVOKED_KEY;
                default -> FailureReason.DISABLED_KEY;
            }, key.id(), client);
        }
        if (!client.isEnabled()) {
            return new Verification.Rejected(FailureReason.CLIENT_DISABLED, key.id(), client);
        }
        // Switching a client back to another authenticator switches its keys off on every path, introspection included.
        if (!KeyGrants.CLIENT_AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType())) {
            return new Verification.Rejected(FailureReason.KEYS_NOT_ENABLED, key.id(), client);
        }
        if (key.personal()) {
            return personalStanding(key, client);
        }
        UserModel serviceAccount = client.isServiceAccountsEnabled() ? session.users().getServiceAccount(client) : null;
        if (serviceAccount == null || !serviceAccount.isEnabled()) {
            return new Verification.Rejected(FailureReason.SERVICE_ACCOUNT_DISABLED, key.id(), client);
        }
        // The service account may have gained admin roles or permissions since the key was created: see AdminRoleExposure.
        if (AdminRoleExposure.restricts(key.roles(), key.scopes(), key.audiences())
                && (!AdminRoleExposure.uncovered(session, realm, serviceAccount, key.roles()).isEmpty()
                    || !AdminRoleExposure.permissions(session, realm, serviceAccount).isEmpty())) {
            return new Verification.Rejected(FailureReason.RESTRICTIONS_NOT_ENFORCEABLE, key.id(), client);
        }
        return new Verification.Accepted(key, client, serviceAccount);
    }

    /**
     * A personal key acts for its user, for a client the realm still lists for personal keys: it stops the moment the
     * user is deleted, disabled or locked out by brute-force protection, loses a role the key lists, or the client
     * leaves that list.
     */
    private Verification personalStanding(StoredApiKey key, ClientModel client) {
        if (!PersonalKeySettings.of(realm).allows(client.getClientId())) {
            return new Verification.Rejected(FailureReason.CLIENT_NOT_ALLOWED, key.id(), client);
        }
        UserModel user = session.users().getUserById(realm, key.userId());
        if (user == null) {
            return new Verification.Rejected(FailureReason.USER_NOT_FOUND, key.id(), client);
        }
        BruteForceProtector bruteForce = session.getProvider(BruteForceProtector.class);
        if (!user.isEnabled() || (realm.isBruteForceProtected() && (bruteForce.isTemporarilyDisabled(session, realm, user)
                || bruteForce.isPermanentlyLockedOut(session, realm, user)))) {
            return new Verification.Rejected(FailureReason.USER_DISABLED, key.id(), client);
        }
        // A key never carries more than its person has: a role taken from the user stops the key that lists it.
        if (key.roles().stream().map(role -> RoleNames.resolve(realm, role)).anyMatch(role -> role == null || !user.hasRole(role))) {
            return new Verification.Rejected(FailureReason.ROLE_NOT_HELD, key.id(), client);
        }
        if (AdminRoleExposure.restricts(key.roles(), key.scopes(), key.audiences())
                && (!AdminRoleExposure.uncovered(session, realm, user, key.roles()).isEmpty()
                    || !AdminRoleExposure.permissions(session, realm, user).isEmpty())) {
            return new Verification.Rejected(FailureReason.RESTRICTIONS_NOT_ENFORCEABLE, key.id(), client);
        }
        return new Verification.Accepted(key, client, user);
    }
}
