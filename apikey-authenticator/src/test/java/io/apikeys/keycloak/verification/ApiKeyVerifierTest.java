package io.apikeys.keycloak.verification;

import io.apikeys.keycloak.key.AllowedIps;
import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.key.ApiKeyFormat;
import io.apikeys.keycloak.key.Quota;
import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.AllowanceDecision;
import io.apikeys.keycloak.limit.ClusterAllowances;
import io.apikeys.keycloak.limit.InMemorySharedCounts;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import io.apikeys.keycloak.metrics.ApiKeyMetrics;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.node.TestNodeServices;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.store.TestKeys;
import io.apikeys.keycloak.usage.UsageCounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier's decisions, against fakes of Keycloak's models and of the store (the ITs run the real ones). */
final class ApiKeyVerifierTest {

    private static final String ADDRESS = "192.0.2.10";

    private final ApiKey presented = ApiKeyFormat.generate("kcak");
    private final Map<ApiKey, StoredApiKey> stored = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final TestNodeServices node = new TestNodeServices();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private String authenticator = KeyGrants.CLIENT_AUTHENTICATOR_ID;
    private final ApiKeyVerifier verifier = new ApiKeyVerifier(session(), realm());
    private final ClientModel client = Fakes.of(ClientModel.class, Map.of("getClientId", args -> "orders-gateway"));

    @Test
    void aKeyWithAudiencesIsActiveOnlyForAnIntrospectingClientItNames() {
        store(TestKeys.key().hash(presented.hash()).audiences("orders-gateway"));
        assertThat(verifier.verifyForIntrospection(Optional.of(presented), client)).isInstanceOf(Verification.Accepted.class);

        store(TestKeys.key().hash(presented.hash()).audiences("billing-gateway"));
        assertThat(reason(verifier.verifyForIntrospection(Optional.of(presented), client)))
                .isEqualTo(FailureReason.AUDIENCE_NOT_ALLOWED);
        assertThat(metered()).as("a refused introspection spends nothing")
                .containsExactly("key-id realm-1 client-uuid orders-service accepted=1 refused=0");
    }

    @Test
    void aMalformedKeyIsRefusedWithoutALookup() {
        Verification verification = verifier.verify(verifier.parse("kcak_not-a-key"), ADDRESS, KeyUse.ANY_CLIENT);

        assertThat(verification).isInstanceOf(Verification.Rejected.class);
        assertThat(((Verification.Rejected) verification).reason()).isEqualTo(FailureReason.MALFORMED_KEY);
        assertThat(lookups).isEmpty();
    }

    @Test
    void anActiveKeyIsAcceptedAndItsUseRecorded() {
        store(TestKeys.key().hash(presented.hash()));

        Verification verification = verifier.verify(verifier.parse(presented.reveal()), ADDRESS, KeyUse.ANY_CLIENT);

        assertThat(verification).isInstanceOf(Verification.Accepted.class);
        assertThat(lookups).containsExactly("byHash");
        assertThat(node.lastUses()).containsExactly("key-id@" + ADDRESS);
        assertThat(metered()).containsExactly("key-id realm-1 client-uuid orders-service accepted=1 refused=0");
    }

    @Test
    void refusalsNameTheirReasonAndAreNotRecordedAsUses() {
        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT))).isEqualTo(FailureReason.UNKNOWN_KEY);
        store(TestKeys.key().hash(presented.hash()).revoked(1L));
        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT))).isEqualTo(FailureReason.REVOKED_KEY);
        store(TestKeys.key().hash(presented.hash()).allowedIps(AllowedIps.parse(List.of("10.0.0.0/8"))));
        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT))).isEqualTo(FailureReason.IP_NOT_ALLOWED);
        assertThat(verifier.verifyForIntrospection(Optional.of(presented), client))
                .as("the gateway's address is not the key holder's").isInstanceOf(Verification.Accepted.class);
        authenticator = "client-secret";
        assertThat(reason(verifier.verifyForIntrospection(Optional.of(presented), client))).isEqualTo(FailureReason.KEYS_NOT_ENABLED);
        assertThat(node.lastUses()).hasSize(1);
        assertThat(metered()).as("only the use that passed counts")
                .containsExactly("key-id realm-1 client-uuid orders-service accepted=1 refused=0");
        assertThat(uses("unknown_key")).isEqualTo(1);
        assertThat(uses("revoked_key")).isEqualTo(1);
        assertThat(uses("ip_not_allowed")).isEqualTo(1);
        assertThat(uses("keys_not_enabled")).isEqualTo(1);
        assertThat(uses("accepted")).isEqualTo(1);
    }

    private double uses(String outcome) {
        var counter = registry.find(ApiKeyMetrics.USES).tags("realm", "realm-one", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theRateLimitCountsAcceptedUses() {
        store(TestKeys.key().hash(presented.hash()).rateLimit(new RateLimit(2, 60)));

        verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);
        verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);

        assertThat(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.OverLimit.class);
        assertThat(metered()).containsExactly("key-id realm-1 client-uuid orders-service accepted=2 refused=1");
        assertThat(uses("accepted")).isEqualTo(2);
        assertThat(uses("rate_limited")).isEqualTo(1);
    }

    @Test
    void theQuotaRefusesTheUseAfterItsLastWithItsOwnReason() {
        store(TestKeys.key().hash(presented.hash()).quota(new Quota(3, Quota.Period.DAY)));

        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.Accepted.class);
        }
        Verification fourth = verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);

        assertThat(fourth).isInstanceOf(Verification.OverLimit.class);
        AllowanceDecision decision = ((Verification.OverLimit) fourth).decision();
        assertThat(KeyEvents.reason(decision)).isEqualTo("quota_exceeded");
        assertThat(decision.windowSeconds()).isEqualTo(86_400);
        assertThat(metered()).containsExactly("key-id realm-1 client-uuid orders-service accepted=3 refused=1");
        assertThat(uses("quota_exceeded")).isEqualTo(1);
    }

    @Test
    void aUseRefusedByTheRateLimitDoesNotSpendTheQuota() {
        store(TestKeys.key().hash(presented.hash()).rateLimit(new RateLimit(1, 60)).quota(new Quota(2, Quota.Period.DAY)));

        verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);
        Verification limited = verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);

        assertThat(KeyEvents.reason(((Verification.OverLimit) limited).decision())).isEqualTo("rate_limited");
        store(TestKeys.key().hash(presented.hash()).quota(new Quota(2, Quota.Period.DAY)));
        assertThat(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT)).as("one use of two is left")
                .isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void aSuccessorGoesOnWithItsLineagesQuotaCount() {
        ApiKey successor = ApiKeyFormat.generate("kcak");
        store(TestKeys.key().id("first").hash(presented.hash()).quota(new Quota(3, Quota.Period.MONTH)));
        stored.put(successor, TestKeys.key().id("second").lineage("first").hash(successor.hash())
                .quota(new Quota(3, Quota.Period.MONTH)).build());

        verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);
        verifier.verify(Optional.of(successor), ADDRESS, KeyUse.ANY_CLIENT);
        assertThat(verifier.verify(Optional.of(successor), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.Accepted.class);
        assertThat(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.OverLimit.class);
    }

    @Test
    void aKeyAndItsSuccessorInGraceShareOneRateLimitWindow() {
        ApiKey successor = ApiKeyFormat.generate("kcak");
        store(TestKeys.key().id("first").hash(presented.hash()).rateLimit(new RateLimit(2, 60)));
        stored.put(successor, TestKeys.key().id("second").lineage("first").hash(successor.hash())
                .rateLimit(new RateLimit(2, 60)).build());

        verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT);
        assertThat(verifier.verify(Optional.of(successor), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.Accepted.class);
        assertThat(verifier.verify(Optional.of(successor), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.OverLimit.class);
        assertThat(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT)).isInstanceOf(Verification.OverLimit.class);
    }

    @Test
    void aKeySentForAnotherClientOrGrantIsRefusedAndSpendsNothing() {
        store(TestKeys.key().hash(presented.hash()).rateLimit(new RateLimit(1, 60)).quota(new Quota(1, Quota.Period.DAY)));

        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, new KeyUse("billing", false, true))))
                .isEqualTo(FailureReason.WRONG_CLIENT);
        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, new KeyUse("orders-service", true, true))))
                .isEqualTo(FailureReason.WRONG_CLIENT);
        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, new KeyUse("orders-service", false, false))))
                .isEqualTo(FailureReason.GRANT_NOT_ALLOWED);

        assertThat(node.lastUses()).isEmpty();
        assertThat(metered()).isEmpty();
        assertThat(uses("wrong_client")).isEqualTo(2);
        assertThat(uses("grant_not_allowed")).isEqualTo(1);
        assertThat(verifier.verify(Optional.of(presented), "192.0.2.11", new KeyUse("orders-service", false, true)))
                .as("neither the rate limit nor the quota was spent").isInstanceOf(Verification.Accepted.class);
        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT)))
                .as("they are failures of their address").isEqualTo(FailureReason.ADDRESS_THROTTLED);
    }

    @Test
    void aThrottledAddressIsAnsweredFromMemoryOnly() {
        for (int i = 0; i < 3; i++) {
            verifier.verify(verifier.parse("garbage"), ADDRESS, KeyUse.ANY_CLIENT);
        }
        store(TestKeys.key().hash(presented.hash()));

        assertThat(reason(verifier.verify(Optional.of(presented), ADDRESS, KeyUse.ANY_CLIENT))).isEqualTo(FailureReason.ADDRESS_THROTTLED);
        assertThat(lookups).containsExactly("inMemory");
        assertThat(verifier.verify(Optional.of(presented), "192.0.2.11", KeyUse.ANY_CLIENT)).isInstanceOf(Verification.Accepted.class);
    }

    /** What the meter counted, one line per key and hour. */
    private List<String> metered() {
        return node.meter().drain().values().stream().map(ApiKeyVerifierTest::describe).toList();
    }

    private static String describe(UsageCounts counts) {
        return counts.key().keyId() + " " + counts.key().realmId() + " " + counts.key().clientUuid() + " "
                + counts.key().clientId() + " accepted=" + counts.accepted() + " refused=" + counts.refused();
    }

    private void store(TestKeys key) {
        stored.put(presented, key.client("client-uuid").build());
    }

    private static FailureReason reason(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) verification).reason();
    }

    private KeycloakSession session() {
        ApiKeyStore store = Fakes.of(ApiKeyStore.class, Map.of(
                "findByHash", args -> {
                    lookups.add("byHash");
                    return find(args[1]);
                },
                "findInMemory", args -> {
                    lookups.add("inMemory");
                    return Optional.empty();
                }));
        UserModel serviceAccount = Fakes.of(UserModel.class, Map.of("isEnabled", args -> true, "getId", args -> "sa",
                "getRoleMappingsStream", args -> Stream.empty(), "getGroupsStream", args -> Stream.empty()));
        UserProvider users = Fakes.of(UserProvider.class, Map.of("getServiceAccount", args -> serviceAccount));
        ClientConnection gateway = Fakes.of(ClientConnection.class, Map.of("getRemoteAddr", args -> "203.0.113.1"));
        KeycloakContext context = Fakes.of(KeycloakContext.class, Map.of("getConnection", args -> gateway));
        KeycloakSession[] session = new KeycloakSession[1];
        ApiKeyNodeServices services = node.create(null,
                new ClusterAllowances(new InMemorySharedCounts(), (id, from) -> 0),
                new SourceAddressThrottle(new RateLimit(3, 60)), registry);
        session[0] = Fakes.of(KeycloakSession.class, Map.of(
                "getProvider", args -> args[0] == ApiKeyStore.class ? store : services,
                "users", args -> users, "getContext", args -> context));
        return session[0];
    }

    private Optional<StoredApiKey> find(Object hash) {
        return stored.values().stream().filter(key -> key.keyHash().equals(hash)).findFirst();
    }

    private RealmModel realm() {
        ClientModel client = Fakes.of(ClientModel.class, Map.of(
                "getId", args -> "client-uuid", "getClientId", args -> "orders-service", "isEnabled", args -> true,
                "isServiceAccountsEnabled", args -> true, "getClientAuthenticatorType", args -> authenticator));
        return Fakes.of(RealmModel.class, Map.of(
                "getId", args -> "realm-1", "getName", args -> "realm-one", "getAttribute", args -> null, "getClientById", args -> client,
                "isAdminPermissionsEnabled", args -> false));
    }
}
