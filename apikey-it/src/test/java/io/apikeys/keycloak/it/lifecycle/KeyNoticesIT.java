package io.apikeys.keycloak.it.lifecycle;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.it.harness.Events;
import io.apikeys.keycloak.it.harness.Http;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.Mailbox;
import io.apikeys.keycloak.it.harness.Mailbox.Mail;
import io.apikeys.keycloak.it.harness.Poll;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestDatabase;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The e-mails of a key with nobody watching it, received by a real SMTP server: expiry notices (once per key and
 * threshold, to the contacts and the creator, none for a revoked key, sent again while the mail server is down), unused keys disabled by the job, and what a
 * leak report and a reused rotation chain tell. Storage-sensitive: the queries of the two jobs and the notice claim
 * run on every database. The server checks every 2 s (test options); every wait is for a
 * result, and a "none" is asserted once a later key's e-mail shows that the job has run over the first key again.
 */
@KeycloakIntegrationTest
@StorageSensitive
final class KeyNoticesIT {

    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    private final TestServer server;
    private final TestRealm realm;
    private final Mailbox mailbox = new Mailbox();

    KeyNoticesIT(TestServer server) {
        this.server = server;
        realm = TestRealm.fromDemo(server).acceptingCallersFromAnyAddress();
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.setSmtpServer(mailbox.smtpServer());
        representation.setAdminEventsEnabled(true);
        representation.setAdminEventsDetailsEnabled(true);
        realm.admin().update(representation);
    }

    @AfterAll
    void stopMailbox() {
        mailbox.close();
    }

    @Test
    void anExpiryNoticeGoesOncePerThresholdToTheContactsAndTheCreator() {
        String creator = "owner-" + UUID.randomUUID().toString().substring(0, 6);
        realm.createUser(creator, "manage-clients", "view-clients");
        String contact = unique("ops");
        Http.Result created = Http.json("POST", realm.keysUrl(), realm.userToken(creator, creator),
                "{\"clientId\":\"demo-service\",\"name\":\"nightly export\",\"contacts\":[\"" + contact + "\"],"
                        + "\"expiresTimestamp\":" + (System.currentTimeMillis() + 20 * DAY) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("contacts").get(0).asText()).isEqualTo(contact);

        List<Mail> toContact = mailbox.await(contact, 1);
        List<Mail> toCreator = mailbox.await(creator + "@example.org", 1);

        assertThat(toContact).extracting(Mail::subject).containsExactly("API key \"nightly export\" expires within 30 days");
        assertThat(toCreator).extracting(Mail::subject).containsExactly("API key \"nightly export\" expires within 30 days");
        assertThat(toContact.get(0).text()).contains("The API key \"nightly export\" (" + created.json().get("start").asText()
                + "...) of client demo-service in realm " + realm.name() + " expires on ");
        assertThat(toContact.get(0).text()).doesNotContain(created.json().get("key").asText());

        // A key expiring in 2 days crossed the 30 and 7 day thresholds: one e-mail, for 7. Once it arrived, the job
        // has looked at the first key again and sent nothing more.
        String later = unique("later");
        createKey(r -> {
            r.setName("weekly");
            r.setContacts(List.of(later));
            r.setExpiresTimestamp(System.currentTimeMillis() + 2 * DAY);
        });
        assertThat(mailbox.await(later, 1)).extracting(Mail::subject).containsExactly("API key \"weekly\" expires within 7 days");
        assertThat(mailbox.to(contact)).hasSize(1);
        assertThat(mailbox.to(creator + "@example.org")).hasSize(1);
    }

    /**
     * A notice that reached nobody, the mail server being down, is given back and sent at a later run once the server
     * answers: one e-mail in the end, not none and not two.
     */
    @Test
    void aNoticeNobodyReceivedIsSentOnceTheMailServerAnswers() throws IOException {
        RealmRepresentation representation = realm.admin().toRepresentation();
        Map<String, String> down = new HashMap<>(mailbox.smtpServer());
        try (ServerSocket closed = new ServerSocket(0)) {
            down.put("port", String.valueOf(closed.getLocalPort()));
        }
        representation.setSmtpServer(down);
        realm.admin().update(representation);
        double failedBefore = failedNoticeEmails();
        String contact = unique("retried");
        createKey(r -> {
            r.setName("retried");
            r.setContacts(List.of(contact));
            r.setExpiresTimestamp(System.currentTimeMillis() + 3 * DAY);
        });
        assertThat(Poll.isTrueWithin(Duration.ofSeconds(30), () -> failedNoticeEmails() >= failedBefore + 2))
                .as("tried at least twice while the mail server was down").isTrue();

        representation.setSmtpServer(mailbox.smtpServer());
        realm.admin().update(representation);

        assertThat(mailbox.await(contact, 1)).extracting(Mail::subject).containsExactly("API key \"retried\" expires within 7 days");
        String marker = unique("marker");
        createKey(r -> { r.setContacts(List.of(marker)); r.setExpiresTimestamp(System.currentTimeMillis() + 3 * DAY); });
        assertThat(mailbox.await(marker, 1)).hasSize(1);
        assertThat(mailbox.to(contact)).as("sent once, though claimed at every try").hasSize(1);
    }

    @Test
    void aRevokedKeyGetsNoExpiryNotice() {
        String revokedContact = unique("revoked");
        ApiKeySettingsRepresentation settings = realm.keys().getSettings();
        settings.setExpiryNoticeDays(List.of());
        realm.keys().updateSettings(settings);
        ApiKeyRepresentation revoked = createKey(r -> {
            r.setContacts(List.of(revokedContact));
            r.setExpiresTimestamp(System.currentTimeMillis() + 3 * DAY);
        });
        realm.keys().revoke(revoked.getId());
        settings.setExpiryNoticeDays(List.of(30, 7, 1));
        realm.keys().updateSettings(settings);

        String marker = unique("marker");
        createKey(r -> { r.setContacts(List.of(marker)); r.setExpiresTimestamp(System.currentTimeMillis() + 3 * DAY); });

        assertThat(mailbox.await(marker, 1)).hasSize(1);
        assertThat(mailbox.to(revokedContact)).isEmpty();
    }

    @Test
    void aKeyNobodyUsedForTheRealmsDaysIsDisabledItsContactsAreToldAndEnablingItAgainRestartsItsClock() throws SQLException {
        assumeTrue(server.database() != TestDatabase.H2, "H2 runs inside Keycloak: old uses cannot be written from outside");
        ApiKeySettingsRepresentation settings = realm.keys().getSettings();
        settings.setDisableUnusedAfterDays(30);
        realm.keys().updateSettings(settings);
        String staleContact = unique("stale");
        ApiKeyRepresentation stale = createKey(r -> { r.setName("stale"); r.setContacts(List.of(staleContact)); });
        ApiKeyRepresentation recentlyUsed = createKey(r -> { });
        ApiKeyRepresentation newKey = createKey(r -> { });
        long now = System.currentTimeMillis();
        backdate(new String[]{stale.getId(), recentlyUsed.getId()}, now - 60 * DAY, new Long[]{now - 40 * DAY, now - DAY});

        ApiKeyRepresentation disabled = awaitStatus(stale.getId(), "DISABLED");

        assertThat(disabled.getDisabledReason()).isEqualTo("UNUSED");
        assertThat(realm.exchange(stale.getKey()).status()).isEqualTo(401);
        assertThat(realm.keys().get(recentlyUsed.getId()).getStatus()).isEqualTo("ACTIVE");
        assertThat(realm.keys().get(newKey.getId()).getStatus()).isEqualTo("ACTIVE");
        assertThat(mailbox.await(staleContact, 1)).extracting(Mail::subject)
                .containsExactly("API key \"stale\" was disabled: unused for 30 days");
        AdminEventRepresentation event = Poll.until(Duration.ofSeconds(10), () -> Events.admin(realm).stream()
                .filter(e -> ("api-keys/" + stale.getId()).equals(e.getResourcePath()) && e.getDetails() != null
                        && "unused".equals(e.getDetails().get("reason"))).findFirst().orElse(null));
        assertThat(event).as("admin event").isNotNull();
        assertThat(event.getRepresentation()).contains("\"disabledReason\":\"UNUSED\"").doesNotContain(stale.getKey());

        ApiKeyRepresentation enable = new ApiKeyRepresentation();
        enable.setEnabled(true);
        ApiKeyRepresentation enabled = realm.keys().update(stale.getId(), enable);
        assertThat(enabled.getStatus()).isEqualTo("ACTIVE");
        assertThat(enabled.getDisabledReason()).isNull();
        ApiKeyRepresentation marker = createKey(r -> { });
        backdate(new String[]{marker.getId()}, now - 60 * DAY, new Long[]{null});
        awaitStatus(marker.getId(), "DISABLED");
        assertThat(realm.keys().get(stale.getId()).getStatus()).as("enabled again, its clock restarted").isEqualTo("ACTIVE");
        assertThat(realm.exchange(stale.getKey()).status()).isEqualTo(200);
    }

    @Test
    void aLeakReportAndAReusedRotationChainTellTheContacts() {
        String leakContact = unique("leak");
        ApiKeyRepresentation leaked = createKey(r -> { r.setName("leaky"); r.setContacts(List.of(leakContact)); });
        Http.Result report = Http.postJson(realm.realmUrl() + "/api-keys/leaks", "{\"keys\":[\"" + leaked.getKey() + "\"]}");
        assertThat(report.status()).isEqualTo(202);

        List<Mail> leakMails = mailbox.await(leakContact, 1);

        assertThat(leakMails).extracting(Mail::subject).containsExactly("API key \"leaky\" was reported as leaked");
        assertThat(leakMails.get(0).text()).contains("(found by: report; where: -). It was revoked and no longer works.");

        String reuseContact = unique("reuse");
        ApiKeyRepresentation first = createKey(r -> { r.setName("self"); r.setSelfRotation(true); r.setContacts(List.of(reuseContact)); });
        String rotateUrl = realm.realmUrl() + "/api-keys/self/rotate";
        assertThat(Http.postJson(rotateUrl, "{\"gracePeriodSeconds\":3600}", "X-API-Key", first.getKey()).status()).isEqualTo(201);
        assertThat(Http.postJson(rotateUrl, "", "X-API-Key", first.getKey()).status()).isEqualTo(401);

        assertThat(mailbox.await(reuseContact, 1)).extracting(Mail::subject)
                .containsExactly("API key \"self\" was revoked: its rotation chain was reused");
    }

    @Test
    void badContactsAndSettingsAre400() {
        String token = realm.adminToken();
        Http.Result notAnAddress = Http.json("POST", realm.keysUrl(), token,
                "{\"clientId\":\"demo-service\",\"name\":\"c\",\"contacts\":[\"not an address\"]}");
        Http.Result eleven = Http.json("POST", realm.keysUrl(), token,
                "{\"clientId\":\"demo-service\",\"name\":\"c\",\"contacts\":[" + "\"a@b.example\",".repeat(10) + "\"k@b.example\"]}");
        Http.Result days = Http.json("PUT", realm.keysUrl() + "/settings", token, "{\"expiryNoticeDays\":[0]}");
        Http.Result unused = Http.json("PUT", realm.keysUrl() + "/settings", token, "{\"disableUnusedAfterDays\":3651}");

        assertThat(notAnAddress.status()).isEqualTo(400);
        assertThat(notAnAddress.json().get("error").asText()).isEqualTo("invalid_contacts");
        assertThat(eleven.json().get("error").asText()).isEqualTo("invalid_contacts");
        assertThat(days.status()).isEqualTo(400);
        assertThat(days.json().get("error_description").asText()).startsWith("expiryNoticeDays ");
        assertThat(unused.json().get("error_description").asText()).startsWith("disableUnusedAfterDays ");
    }

    /** The server's count of e-mails about keys that failed, from its {@code /metrics}. */
    private double failedNoticeEmails() {
        Matcher failed = Pattern.compile("(?m)^keycloak_api_key_notice_emails_total\\{[^}]*result=\"failed\"[^}]*} (\\S+)$")
                .matcher(Http.get(server.managementUrl() + "/metrics", null).body());
        return failed.find() ? Double.parseDouble(failed.group(1)) : 0;
    }

    private ApiKeyRepresentation createKey(Consumer<ApiKeyRepresentation> customize) {
        return realm.createKey(customize);
    }

    private ApiKeyRepresentation awaitStatus(String id, String status) {
        ApiKeyRepresentation key = Poll.until(Duration.ofSeconds(30),
                () -> status.equals(realm.keys().get(id).getStatus()) ? realm.keys().get(id) : null);
        assertThat(key).as("key " + id + " " + status).isNotNull();
        return key;
    }

    /** Sets when keys were created and last used, in one transaction, as if that had happened long ago. */
    private void backdate(String[] ids, long created, Long[] lastUsed) throws SQLException {
        try (Connection db = server.jdbc()) {
            db.setAutoCommit(false);
            try (PreparedStatement update = db.prepareStatement(
                    "UPDATE API_KEY SET CREATED_TIMESTAMP = ?, LAST_USED_TIMESTAMP = ? WHERE ID = ?")) {
                for (int i = 0; i < ids.length; i++) {
                    update.setLong(1, created);
                    if (lastUsed[i] == null) {
                        update.setNull(2, Types.BIGINT);
                    } else {
                        update.setLong(2, lastUsed[i]);
                    }
                    update.setString(3, ids[i]);
                    update.addBatch();
                }
                update.executeBatch();
            }
            db.commit();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }
}
