package io.apikeys.keycloak.policy;

import io.apikeys.keycloak.key.AllowedIps;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Checks a draft against the realm, the key's client and the realm's key policy; the one place for those rules. */
public final class ApiKeyDraftValidator {

    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_DESCRIPTION_LENGTH = 2000;
    static final int MAX_LIST_ENTRIES = 100;
    static final int MAX_ATTRIBUTES = 50;
    static final int MAX_ATTRIBUTE_VALUE_LENGTH = 2000;
    static final int MAX_CONTACTS = 10;
    /** An address as mail servers take it: no spaces, commas or angle brackets, one {@code @}, a dotted domain. */
    private static final Pattern EMAIL =
            Pattern.compile("[^\\s@,;<>\"()\\[\\]]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RealmApiKeySettings settings;

    public ApiKeyDraftValidator(KeycloakSession session, RealmModel realm, RealmApiKeySettings settings) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
    }

    /** A key's subject is its client's service account, so only confidential clients that have one qualify. */
    public static void requireServiceAccountClient(ClientModel client) {
        if (client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
            throw new ApiKeyValidationException("service_account_required",
                    "client '" + client.getClientId() + "' is not a confidential client with a service account");
        }
    }

    /**
     * Validates and normalises (canonical CIDRs) a draft.
     *
     * @param createdTimestamp the key's creation time, the origin of the realm's maximum lifetime
     */
    /** 9999-12-31T23:59:59.999Z in epoch milliseconds. */
    static final long LATEST_EXPIRY = 253_402_300_799_999L;

    public ApiKeyDraft validate(ApiKeyDraft draft, ClientModel client, long createdTimestamp, long now) {
        UserModel serviceAccount = session.users().getServiceAccount(client);
        return validate(draft, client, serviceAccount,
                "the service account of '" + client.getClientId() + "'", createdTimestamp, now);
    }

    /**
     * Validates a personal key of {@code user}: it must expire within {@code personalKeys.maxLifetimeSeconds} of its
     * creation, and may list only roles the user holds (a key never gives more than its person has).
     */
    public ApiKeyDraft validatePersonal(ApiKeyDraft draft, ClientModel client, UserModel user,
                                        PersonalKeySettings personal, long createdTimestamp, long now) {
        if (draft.expiresTimestamp() == null) {
            throw new ApiKeyValidationException("invalid_expiry", "a personal key needs an expiresTimestamp");
        }
        if (draft.expiresTimestamp() > createdTimestamp + personal.maxLifetimeSeconds() * 1000) {
            throw new ApiKeyValidationException("invalid_expiry", "expiresTimestamp is beyond the realm's maximum"
                    + " personal key lifetime of " + personal.maxLifetimeSeconds() + " seconds");
        }
        ApiKeyDraft valid = validate(draft, client, user, "user '" + user.getUsername() + "'", createdTimestamp, now);
        for (String role : valid.roles()) {
            if (!user.hasRole(RoleNames.resolve(realm, role))) {
                throw new ApiKeyValidationException("role_not_held",
                        "user '" + user.getUsername() + "' does not hold role '" + role + "'");
            }
        }
        return valid;
    }

    /** @param holder how refusals name whom the key acts for */
    private ApiKeyDraft validate(ApiKeyDraft draft, ClientModel client, UserModel subject, String holder,
                                 long createdTimestamp, long now) {
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > MAX_NAME_LENGTH) {
            throw new ApiKeyValidationException("invalid_name", "name is required and at most 255 characters long");
        }
        // A name ends up in logs, CSV exports, e-mails and the console: no NUL, line break or other control character.
        if (draft.name().chars().anyMatch(Character::isISOControl)) {
            throw new ApiKeyValidationException("invalid_name", "name must not contain control characters");
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw new ApiKeyValidationException("invalid_description", "description is at most 2000 characters long");
        }
        checkExpiry(draft.expiresTimestamp(), createdTimestamp, now);
        checkSize("scopes", draft.scopes());
        checkSize("roles", draft.roles());
        checkSize("audiences", draft.audiences());
        checkSize("allowedIps", draft.allowedIps());
        checkScopes(draft.scopes(), client);
        draft.roles().forEach(this::checkRole);
        draft.audiences().forEach(this::checkAudience);
        List<String> allowedIps;
        try {
            allowedIps = AllowedIps.parse(draft.allowedIps()).asStrings();
        } catch (IllegalArgumentException e) {
            throw new ApiKeyValidationException("invalid_allowed_ips", e.getMessage());
        }
        Integer lifespan = draft.tokenLifespanSeconds();
        if (lifespan != null && (lifespan < 1 || lifespan > settings.maxTokenLifespanSeconds())) {
            throw new ApiKeyValidationException("invalid_token_lifespan",
                    "tokenLifespanSeconds must be between 1 and " + settings.maxTokenLifespanSeconds());
        }
        checkAttributes(draft.attributes());
        ApiKeyDraft valid = new ApiKeyDraft(draft.name().trim(), draft.description(), draft.enabled(),
                draft.expiresTimestamp(), distinct(draft.scopes()), distinct(draft.roles()), distinct(draft.audiences()),
                allowedIps, draft.rateLimit(), draft.quota(), lifespan, draft.attributes(), draft.selfRotation(),
                contacts(draft.contacts()));
        checkEnforceable(valid, subject, holder);
        return valid;
    }

    /** See {@link AdminRoleExposure}: a restriction the admin API would ignore is refused rather than trusted. */
    private void checkEnforceable(ApiKeyDraft draft, UserModel subject, String holder) {
        if (!AdminRoleExposure.restricts(draft.roles(), draft.scopes(), draft.audiences())) {
            return;
        }
        List<String> uncovered = subject == null
                ? List.of() : AdminRoleExposure.uncovered(session, realm, subject, draft.roles());
        if (!uncovered.isEmpty()) {
            throw new ApiKeyValidationException("restrictions_not_enforceable", holder
                    + " holds admin roles that Keycloak's admin API honours whatever a token"
                    + " says: " + String.join(", ", uncovered) + ". List them in roles, or create the key without"
                    + " roles, scopes and audiences");
        }
        List<String> permissions = subject == null
                ? List.of() : AdminRoleExposure.permissions(session, realm, subject);
        if (!permissions.isEmpty()) {
            throw new ApiKeyValidationException("restrictions_not_enforceable", holder
                    + " is granted fine-grained admin permissions that Keycloak's admin API"
                    + " honours whatever a token says (" + String.join("; ", permissions) + "). Create the key"
                    + " without roles, scopes and audiences, or remove " + holder + " from those permissions");
        }
    }

    private void checkExpiry(Long expires, long createdTimestamp, long now) {
        if (expires == null) {
            if (settings.requireExpiry() || settings.maxLifetimeSeconds() != null) {
                throw new ApiKeyValidationException("invalid_expiry", "this realm requires an expiresTimestamp");
            }
            return;
        }
        if (expires <= now) {
            throw new ApiKeyValidationException("invalid_expiry", "expiresTimestamp is in the past");
        }
        // Past 9999-12-31 a date has no ISO form, and the arithmetic of a rotation's grace period would overflow.
        if (expires > LATEST_EXPIRY) {
            throw new ApiKeyValidationException("invalid_expiry", "expiresTimestamp is after the year 9999");
        }
        Long maxLifetime = settings.maxLifetimeSeconds();
        if (maxLifetime != null && expires > createdTimestamp + maxLifetime * 1000) {
            throw new ApiKeyValidationException("invalid_expiry",
                    "expiresTimestamp is beyond the realm's maximum key lifetime of " + maxLifetime + " seconds");
        }
    }

    private void checkScopes(List<String> scopes, ClientModel client) {
        if (scopes.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        Stream.of(client.getClientScopes(true), client.getClientScopes(false))
                .map(Map::values)
                .flatMap(java.util.Collection::stream)
                .map(ClientScopeModel::getName)
                .forEach(known::add);
        for (String scope : scopes) {
            if (!known.contains(scope)) {
                throw new ApiKeyValidationException("unknown_scope",
                        "scope '" + scope + "' is not a client scope of '" + client.getClientId() + "'");
            }
        }
    }

    private void checkRole(String role) {
        if (RoleNames.resolve(realm, role) == null) {
            throw new ApiKeyValidationException("unknown_role", "role '" + role + "' does not exist");
        }
    }

    private void checkAudience(String audience) {
        if (realm.getClientByClientId(audience) == null) {
            throw new ApiKeyValidationException("unknown_audience", "audience '" + audience + "' is not a client of this realm");
        }
    }

    private static void checkAttributes(Map<String, String> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new ApiKeyValidationException("invalid_attributes", "at most " + MAX_ATTRIBUTES + " attributes");
        }
        attributes.forEach((name, value) -> {
            if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH
                    || value == null || value.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                throw new ApiKeyValidationException("invalid_attributes",
                        "attribute names are 1 to 255 characters, values at most 2000");
            }
        });
    }

    private static void checkSize(String field, List<String> values) {
        if (values.size() > MAX_LIST_ENTRIES) {
            throw new ApiKeyValidationException("invalid_" + toSnake(field), field + " has more than " + MAX_LIST_ENTRIES + " entries");
        }
        for (String value : values) {
            if (value == null || value.isBlank() || value.length() > MAX_NAME_LENGTH) {
                throw new ApiKeyValidationException("invalid_" + toSnake(field), field + " entries are 1 to 255 characters");
            }
        }
    }

    private static String toSnake(String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    /** At most {@value #MAX_CONTACTS} e-mail addresses, each once (case aside). */
    static List<String> contacts(List<String> contacts) {
        if (contacts.size() > MAX_CONTACTS) {
            throw new ApiKeyValidationException("invalid_contacts", "at most " + MAX_CONTACTS + " contacts");
        }
        for (String contact : contacts) {
            if (contact == null || contact.length() > 254 || !EMAIL.matcher(contact.trim()).matches()) {
                throw new ApiKeyValidationException("invalid_contacts", "contacts are e-mail addresses");
            }
        }
        Set<String> seen = new HashSet<>();
        return contacts.stream().map(String::trim).filter(c -> seen.add(c.toLowerCase(Locale.ROOT))).toList();
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().map(String::trim).distinct().toList();
    }
}
