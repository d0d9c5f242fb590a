package io.apikeys.keycloak.lifecycle;

import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.StoredApiKey;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One e-mail per recipient (the key's contacts, the user of a personal key, and its creator, when they have an
 * address) through the realm's SMTP settings and Keycloak's e-mail templating: template {@code api-key-notice.ftl} and its messages come from this
 * extension's JAR ({@code theme-resources}), so every e-mail theme has them and the realm needs no theme of ours.
 * Holds nothing of the key but its name, start, client and dates; never the key.
 */
final class KeyMail {

    static final String TEMPLATE = "api-key-notice.ftl";
    private static final Logger LOG = Logger.getLogger(KeyMail.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final KeycloakSession session;

    KeyMail(KeycloakSession session) {
        this.session = session;
    }

    /** Sends the notice to each recipient; whether it was tried and failed for every one (worth trying again). */
    boolean send(String realmId, String keyId, Notice notice, Map<String, String> facts) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return false;
        }
        session.getContext().setRealm(realm);
        Optional<StoredApiKey> found = session.getProvider(ApiKeyStore.class).findById(realm, keyId);
        if (found.isEmpty()) {
            return false;
        }
        StoredApiKey key = found.get();
        ClientModel client = realm.getClientById(key.clientUuid());
        Optional<UserModel> creator = creator(realm, key);
        Optional<UserModel> owner = key.personal()
                ? Optional.ofNullable(session.users().getUserById(realm, key.userId())) : Optional.empty();
        Map<String, UserModel> recipients = new LinkedHashMap<>();
        key.contacts().forEach(contact -> recipients.put(contact.toLowerCase(Locale.ROOT), null));
        Stream.of(owner, creator).flatMap(Optional::stream)
                .filter(user -> user.isEnabled() && user.getEmail() != null && !user.getEmail().isBlank())
                .forEach(user -> recipients.put(user.getEmail().toLowerCase(Locale.ROOT), user));
        if (recipients.isEmpty() || !canSend(realm)) {
            LOG.debugf("No e-mail about API key %s (%s): %s", key.id(), notice,
                    recipients.isEmpty() ? "no recipient" : "the realm has no SMTP server");
            return false;
        }
        // The templates need a user for their locale and profile: the creator, else the client's service account.
        UserModel templateUser = owner.or(() -> creator)
                .orElseGet(() -> client == null ? null : session.users().getServiceAccount(client));
        if (templateUser == null) {
            return false;
        }
        ApiKeyNodeServices node = session.getProvider(ApiKeyNodeServices.class);
        int sent = 0;
        for (Map.Entry<String, UserModel> recipient : recipients.entrySet()) {
            try {
                session.getProvider(EmailTemplateProvider.class).setRealm(realm)
                        .setUser(recipient.getValue() == null ? templateUser : recipient.getValue())
                        .send("apiKeyNotice" + notice + "Subject", subject(key, facts), TEMPLATE,
                                attributes(realm, key, client, notice, facts), recipient.getKey());
                node.noticeEmail("sent");
                sent++;
            } catch (EmailException e) {
                node.noticeEmail("failed");
                LOG.warnf("Could not send the %s e-mail about API key %s: %s", notice, key.id(), e.getMessage());
            }
        }
        return sent == 0;
    }

    /** Whether the realm has an SMTP server. */
    static boolean canSend(RealmModel realm) {
        String host = realm.getSmtpConfig() == null ? null : realm.getSmtpConfig().get("host");
        return host != null && !host.isBlank();
    }

    /** Creators are users of the key's realm or, for keys an admin of the master realm created, of that realm. */
    private Optional<UserModel> creator(RealmModel realm, StoredApiKey key) {
        if (key.createdBy() == null) {
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(realm, key.createdBy());
        if (user == null) {
            RealmModel adminRealm = session.realms().getRealmByName(Config.getAdminRealm());
            user = adminRealm == null ? null : session.users().getUserById(adminRealm, key.createdBy());
        }
        return Optional.ofNullable(user).filter(u -> u.getServiceAccountClientLink() == null);
    }

    private static List<Object> subject(StoredApiKey key, Map<String, String> facts) {
        return List.of(key.name(), facts.getOrDefault("days", ""));
    }

    private static Map<String, Object> attributes(RealmModel realm, StoredApiKey key, ClientModel client, Notice notice,
                                                  Map<String, String> facts) {
        Map<String, Object> attributes = new HashMap<>(facts);
        attributes.put("notice", notice.name());
        attributes.put("keyName", key.name());
        attributes.put("keyStart", key.start());
        attributes.put("keyId", key.id());
        attributes.put("clientId", client == null ? "" : client.getClientId());
        attributes.put("realm", realm.getName());
        attributes.put("expires", key.expiresTimestamp() == null ? "" : DAY.format(Instant.ofEpochMilli(key.expiresTimestamp())));
        return attributes;
    }
}
