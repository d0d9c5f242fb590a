package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.client.ApiKeySettingsRepresentation;
import io.apikeys.keycloak.client.PersonalKeysRepresentation;
import io.apikeys.keycloak.client.QuotaRepresentation;
import io.apikeys.keycloak.client.RateLimitRepresentation;
import io.apikeys.keycloak.policy.AdminRoleExposure;
import io.apikeys.keycloak.policy.LeakedKeyAction;
import io.apikeys.keycloak.policy.PersonalKeySettings;
import io.apikeys.keycloak.policy.RealmApiKeySettings;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.verification.KeyGrants;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.List;

/** Maps stored keys and settings to their JSON form. The full key is added only by {@link #created}. */
public final class ApiKeyRepresentations {

    /** {@code type} of a key of a client's service account. */
    public static final String SERVICE = "SERVICE";
    /** {@code type} of a key of a user. */
    public static final String PERSONAL = "PERSONAL";

    private ApiKeyRepresentations() {
    }

    public static ApiKeyRepresentation of(KeycloakSession session, RealmModel realm, StoredApiKey key) {
        ClientModel client = realm.getClientById(key.clientUuid());
        ApiKeyRepresentation rep = new ApiKeyRepresentation();
        rep.setId(key.id());
        rep.setType(key.personal() ? PERSONAL : SERVICE);
        if (key.personal()) {
            UserModel user = session.users().getUserById(realm, key.userId());
            rep.setUserId(key.userId());
            rep.setUsername(user == null ? null : user.getUsername());
        }
        rep.setClientId(client == null ? null : client.getClientId());
        rep.setName(key.name());
        rep.setDescription(key.description());
        rep.setStart(key.start());
        rep.setStatus(key.status(Time.currentTimeMillis()).name());
        rep.setEnabled(key.enabled());
        rep.setScopes(key.scopes());
        rep.setRoles(key.roles());
        rep.setAudiences(key.audiences());
        rep.setAllowedIps(key.allowedIps().asStrings());
        rep.setRateLimit(key.rateLimit() == null ? null
                : new RateLimitRepresentation(key.rateLimit().requests(), key.rateLimit().windowSeconds()));
        rep.setQuota(key.quota() == null ? null
                : new QuotaRepresentation(key.quota().requests(), key.quota().period().name()));
        // Only the key's own: showing the realm default here would pin it on the key at the next read-then-write.
        rep.setTokenLifespanSeconds(key.tokenLifespanSeconds());
        rep.setAttributes(key.attributes());
        rep.setCreatedTimestamp(key.createdTimestamp());
        rep.setCreatedBy(key.createdBy());
        rep.setExpiresTimestamp(key.expiresTimestamp());
        rep.setLastUsedTimestamp(key.lastUsedTimestamp());
        rep.setLastUsedIp(key.lastUsedIp());
        rep.setRevokedTimestamp(key.revokedTimestamp());
        rep.setRotatedFromId(key.rotatedFromId());
        rep.setRevokedReason(key.revokedReason());
        rep.setSelfRotation(key.selfRotation() ? Boolean.TRUE : null);
        rep.setDisabledReason(key.disabledReason());
        rep.setContacts(key.contacts().isEmpty() ? null : key.contacts());
        return rep;
    }

    /** The one response that holds the full key, with warnings about what the key could do or could not do. */
    public static ApiKeyRepresentation created(KeycloakSession session, RealmModel realm, CreatedApiKey created) {
        ApiKeyRepresentation rep = of(session, realm, created.stored());
        rep.setKey(created.key().reveal());
        ClientModel client = realm.getClientById(created.stored().clientUuid());
        List<String> warnings = client == null ? List.of() : warnings(session, realm, client, created.stored());
        rep.setWarnings(warnings.isEmpty() ? null : warnings);
        return rep;
    }

    private static List<String> warnings(KeycloakSession session, RealmModel realm, ClientModel client, StoredApiKey key) {
        List<String> warnings = new ArrayList<>();
        if (!KeyGrants.CLIENT_AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType())) {
            warnings.add("Client '" + client.getClientId() + "' authenticates with '"
                    + client.getClientAuthenticatorType() + "'. Set its Client Authenticator to '"
                    + KeyGrants.CLIENT_AUTHENTICATOR_ID + "' (" + KeyGrants.CLIENT_AUTHENTICATOR_NAME
                    + ") so that this key can be used.");
        }
        UserModel serviceAccount = key.personal() ? null : session.users().getServiceAccount(client);
        if (serviceAccount != null && !AdminRoleExposure.restricts(key.roles(), key.scopes(), key.audiences())) {
            List<String> adminRoles = AdminRoleExposure.held(session, realm, serviceAccount);
            if (!adminRoles.isEmpty()) {
                warnings.add("The service account of '" + client.getClientId() + "' holds admin roles ("
                        + String.join(", ", adminRoles) + "): this key can use Keycloak's admin API with them.");
            }
            List<String> permissions = AdminRoleExposure.permissions(session, realm, serviceAccount);
            if (!permissions.isEmpty()) {
                warnings.add("The service account of '" + client.getClientId() + "' is granted fine-grained admin"
                        + " permissions (" + String.join("; ", permissions) + "): this key can use Keycloak's admin API with them.");
            }
        }
        return warnings;
    }

    public static ApiKeySettingsRepresentation of(RealmApiKeySettings settings) {
        ApiKeySettingsRepresentation rep = new ApiKeySettingsRepresentation();
        rep.setRequireExpiry(settings.requireExpiry());
        rep.setMaxLifetimeSeconds(settings.maxLifetimeSeconds());
        rep.setDefaultTokenLifespanSeconds(settings.defaultTokenLifespanSeconds());
        rep.setMaxTokenLifespanSeconds(settings.maxTokenLifespanSeconds());
        rep.setMaxKeysPerClient(settings.maxKeysPerClient());
        rep.setKeyPrefix(settings.keyPrefix());
        rep.setUsageRetentionDays(settings.usageRetentionDays());
        rep.setLeakedKeyAction(settings.leakedKeyAction().name());
        rep.setExpiryNoticeDays(settings.expiryNoticeDays());
        rep.setDisableUnusedAfterDays(settings.disableUnusedAfterDays());
        return rep;
    }

    public static PersonalKeysRepresentation of(PersonalKeySettings personal) {
        PersonalKeysRepresentation rep = new PersonalKeysRepresentation();
        rep.setEnabled(personal.enabled());
        rep.setClients(personal.clients());
        rep.setMaxLifetimeSeconds(personal.maxLifetimeSeconds());
        rep.setMaxKeysPerUser(personal.maxKeysPerUser());
        rep.setKeyPrefix(personal.keyPrefix());
        return rep;
    }

    /** The {@code personalKeys} object of a settings PUT: absent fields (or the whole object) keep their value. */
    public static PersonalKeySettings personalKeys(JsonBody body, PersonalKeySettings current) {
        JsonBody personal = body.object("personalKeys");
        if (personal == null) {
            return current;
        }
        Boolean enabled = personal.bool("enabled", current.enabled());
        Long maxLifetime = personal.longValue("maxLifetimeSeconds", current.maxLifetimeSeconds());
        Integer maxKeys = personal.intValue("maxKeysPerUser", current.maxKeysPerUser());
        String prefix = personal.text("keyPrefix", current.keyPrefix());
        return new PersonalKeySettings(enabled != null && enabled, personal.strings("clients", current.clients()),
                maxLifetime == null ? PersonalKeySettings.DEFAULTS.maxLifetimeSeconds() : maxLifetime,
                maxKeys == null ? PersonalKeySettings.DEFAULTS.maxKeysPerUser() : maxKeys,
                prefix == null ? PersonalKeySettings.DEFAULTS.keyPrefix() : prefix);
    }

    /** Settings from a PUT body: absent fields keep their current value, {@code maxLifetimeSeconds: null} clears. */
    public static RealmApiKeySettings settings(JsonBody body, RealmApiKeySettings current) {
        Boolean requireExpiry = body.bool("requireExpiry", current.requireExpiry());
        Integer defaultLifespan = body.intValue("defaultTokenLifespanSeconds", current.defaultTokenLifespanSeconds());
        Integer maxLifespan = body.intValue("maxTokenLifespanSeconds", current.maxTokenLifespanSeconds());
        Integer maxKeys = body.intValue("maxKeysPerClient", current.maxKeysPerClient());
        String prefix = body.text("keyPrefix", current.keyPrefix());
        Integer retention = body.intValue("usageRetentionDays", current.usageRetentionDays());
        String leaked = body.text("leakedKeyAction", current.leakedKeyAction().name());
        List<Integer> noticeDays = body.ints("expiryNoticeDays", current.expiryNoticeDays());
        return new RealmApiKeySettings(
                requireExpiry != null && requireExpiry,
                body.longValue("maxLifetimeSeconds", current.maxLifetimeSeconds()),
                defaultLifespan == null ? RealmApiKeySettings.DEFAULTS.defaultTokenLifespanSeconds() : defaultLifespan,
                maxLifespan == null ? RealmApiKeySettings.DEFAULTS.maxTokenLifespanSeconds() : maxLifespan,
                maxKeys == null ? RealmApiKeySettings.DEFAULTS.maxKeysPerClient() : maxKeys,
                prefix == null ? RealmApiKeySettings.DEFAULTS.keyPrefix() : prefix,
                retention == null ? RealmApiKeySettings.DEFAULTS.usageRetentionDays() : retention,
                leaked == null ? RealmApiKeySettings.DEFAULTS.leakedKeyAction()
                        : LeakedKeyAction.parse(leaked).orElse(null),
                noticeDays,
                body.intValue("disableUnusedAfterDays", current.disableUnusedAfterDays())).validated();
    }
}
