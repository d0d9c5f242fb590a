package io.apikeys.keycloak.account;

import io.apikeys.keycloak.policy.PersonalKeySettings;
import io.apikeys.keycloak.policy.RoleNames;
import io.apikeys.keycloak.rest.KeyAccess;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

import java.util.List;
import java.util.Objects;

/**
 * What the account console offers a person for a new personal key, as {@code GET
 * /realms/{realm}/api-keys/personal/options} answers it: nothing but {@code enabled: false} where the realm allows no
 * personal keys (or the console's token may not even read them). The server checks every create again.
 *
 * @param canManage          whether the console's token lets its user create, rotate and revoke (else read only)
 * @param clients            the clients a personal key may be for, in the realm's order
 * @param maxLifetimeSeconds how far ahead a new key may expire
 * @param roles              the roles the user holds (directly, by group or composite), as a key's {@code roles} name them
 */
public record PersonalKeyOptionsRepresentation(boolean enabled, boolean canManage, List<Client> clients,
                                               long maxLifetimeSeconds, int maxKeysPerUser, List<String> roles) {

    /** A client a personal key may be for. */
    public record Client(String clientId, String name) {
    }

    static PersonalKeyOptionsRepresentation of(RealmModel realm, UserModel user, KeyAccess access) {
        PersonalKeySettings settings = PersonalKeySettings.of(realm);
        if (!settings.enabled() || !access.canView()) {
            return new PersonalKeyOptionsRepresentation(false, false, List.of(), 0, 0, List.of());
        }
        List<Client> clients = settings.clients().stream().map(realm::getClientByClientId).filter(Objects::nonNull)
                .map(PersonalKeyOptionsRepresentation::client).toList();
        List<String> roles = RoleUtils.getDeepUserRoleMappings(user).stream().map(RoleNames::of).sorted().toList();
        return new PersonalKeyOptionsRepresentation(true, access.canManage(), clients, settings.maxLifetimeSeconds(),
                settings.maxKeysPerUser(), roles);
    }

    private static Client client(ClientModel client) {
        return new Client(client.getClientId(), client.getName());
    }
}
