package io.apikeys.keycloak.it.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.GithubKeysDocument;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.key.ApiKeyFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leaked keys as their reporters send them: GitHub's secret-scanning partner request, signed with a P-256 key pair
 * made here and published in a public-keys document served from this test, and the public report anyone may send.
 */
@KeycloakIntegrationTest
final class LeakReportIT {

    private static final String LEAK_URL = "https://github.com/acme/app/blob/main/.env";

    private final TestRealm realm;
    private final KeyPair github;
    private final String identifier = "test-" + UUID.randomUUID();
    private final GithubKeysDocument document;

    LeakReportIT(TestServer server) throws GeneralSecurityException {
        realm = TestRealm.fromDemo(server).acceptingCallersFromAnyAddress();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        github = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(github.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        document = GithubKeysDocument.serve("{\"public_keys\":[{\"key_identifier\":\"" + identifier + "\",\"key\":"
                + Http.JSON.valueToTree(pem) + ",\"is_current\":true}]}");
    }

    @AfterAll
    void stopDocument() {
        document.close();
    }

    @Test
    void aSignedGithubReportRevokesAKnownKeyAndLabelsEveryToken() throws Exception {
        ApiKeyRepresentation leaked = realm.createKey(r -> { });
        String unknown = ApiKeyFormat.generate("kcak").reveal();
        String body = "[{\"token\":\"" + leaked.getKey() + "\",\"type\":\"keycloak_api_key\",\"url\":\"" + LEAK_URL
                + "\",\"source\":\"content\"},{\"token\":\"" + unknown + "\",\"type\":\"keycloak_api_key\",\"url\":\""
                + LEAK_URL + "\",\"source\":\"content\"}]";

        Http.Result answer = github(body, sign(body), identifier);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode labels = answer.json();
        assertThat(labels).hasSize(2);
        assertThat(labels.get(0).get("token_raw").asText()).isEqualTo(leaked.getKey());
        assertThat(labels.get(0).get("token_type").asText()).isEqualTo("keycloak_api_key");
        assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(labels.get(1).get("label").asText()).isEqualTo("false_positive");
        ApiKeyRepresentation after = realm.keys().get(leaked.getId());
        assertThat(after.getStatus()).isEqualTo("REVOKED");
        assertThat(after.getRevokedReason()).isEqualTo("LEAKED");
        assertThat(realm.exchange(leaked.getKey()).status()).isEqualTo(401);
        AdminEventRepresentation event = Events.admin(realm).stream()
                .filter(e -> ("api-keys/" + leaked.getId()).equals(e.getResourcePath()) && "ACTION".equals(e.getOperationType()))
                .findFirst().orElseThrow();
        assertThat(event.getDetails()).containsEntry("leak_source", "github").containsEntry("leak_url", LEAK_URL)
                .containsEntry("leak_action", "REVOKE");
        assertThat(event.getRepresentation()).doesNotContain(leaked.getKey());
    }

    @Test
    void aTamperedBodyAnUnknownIdentifierOrNoSignatureIs401AndChangesNothing() throws Exception {
        ApiKeyRepresentation key = realm.createKey(r -> { });
        String signed = "[{\"token\":\"" + ApiKeyFormat.generate("kcak").reveal() + "\",\"type\":\"t\",\"url\":\"u\"}]";
        String tampered = "[{\"token\":\"" + key.getKey() + "\",\"type\":\"t\",\"url\":\"u\"}]";
        String own = "[{\"token\":\"" + key.getKey() + "\",\"type\":\"t\",\"url\":\"u\"}]";

        assertThat(github(tampered, sign(signed), identifier).status()).isEqualTo(401);
        assertThat(github(own, sign(own), "not-" + identifier).status()).isEqualTo(401);
        assertThat(Http.postJson(realm.realmUrl() + "/api-keys/leaks/github", own).status()).isEqualTo(401);

        assertThat(realm.keys().get(key.getId()).getStatus()).isEqualTo("ACTIVE");
        assertThat(realm.exchange(key.getKey()).status()).isEqualTo(200);
    }

    @Test
    void thePublicReportAnswersAlikeForKnownAndUnknownKeysAndRevokesTheKnown() {
        ApiKeyRepresentation known = realm.createKey(r -> { });

        Http.Result forKnown = report("198.51.100.10", known.getKey());
        Http.Result forUnknown = report("198.51.100.10", ApiKeyFormat.generate("kcak").reveal());

        assertThat(forKnown.status()).isEqualTo(202);
        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.body()).isEqualTo("{\"received\":1}").isEqualTo(forUnknown.body());
        ApiKeyRepresentation after = realm.keys().get(known.getId());
        assertThat(after.getStatus()).isEqualTo("REVOKED");
        assertThat(after.getRevokedReason()).isEqualTo("LEAKED");
    }

    @Test
    void theRealmDecidesWhatALeakDoes() {
        settings("DISABLE");
        ApiKeyRepresentation disabled = realm.createKey(r -> { });
        report("198.51.100.11", disabled.getKey());
        ApiKeyRepresentation afterDisable = realm.keys().get(disabled.getId());
        assertThat(afterDisable.getStatus()).isEqualTo("DISABLED");
        assertThat(afterDisable.getDisabledReason()).isEqualTo("LEAKED");
        ApiKeyRepresentation enable = new ApiKeyRepresentation();
        enable.setEnabled(true);
        ApiKeyRepresentation enabled = realm.keys().update(disabled.getId(), enable);
        assertThat(enabled.getStatus()).isEqualTo("ACTIVE");
        assertThat(enabled.getDisabledReason()).as("cleared when enabled again").isNull();

        settings("REPORT");
        ApiKeyRepresentation reported = realm.createKey(r -> { });
        report("198.51.100.11", reported.getKey());
        assertThat(realm.keys().get(reported.getId()).getStatus()).isEqualTo("ACTIVE");
        settings("REVOKE");
    }

    @Test
    void aFloodOfReportsFromOneAddressIsRefused() {
        String unknown = ApiKeyFormat.generate("kcak").reveal();
        for (int i = 0; i < 10; i++) {
            assertThat(report("198.51.100.12", unknown).status()).isEqualTo(202);
        }
        Http.Result refused = report("198.51.100.12", unknown);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(report("198.51.100.13", unknown).status()).as("another address").isEqualTo(202);
    }

    private void settings(String leakedKeyAction) {
        ApiKeySettingsRepresentation settings = new ApiKeySettingsRepresentation();
        settings.setLeakedKeyAction(leakedKeyAction);
        assertThat(realm.keys().updateSettings(settings).getLeakedKeyAction()).isEqualTo(leakedKeyAction);
    }

    private Http.Result report(String address, String key) {
        return Http.postJson(realm.realmUrl() + "/api-keys/leaks", "{\"keys\":[\"" + key + "\"]}",
                "X-Forwarded-For", address);
    }

    private Http.Result github(String body, String signature, String keyIdentifier) {
        return Http.postJson(realm.realmUrl() + "/api-keys/leaks/github", body,
                "Github-Public-Key-Identifier", keyIdentifier, "Github-Public-Key-Signature", signature);
    }

    private String sign(String body) throws GeneralSecurityException {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(github.getPrivate());
        ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ecdsa.sign());
    }
}
