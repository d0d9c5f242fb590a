package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.store.StoredApiKey;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Map;

/**
 * The admin events of a key, resource type {@value KeyOperations#RESOURCE_TYPE}, with the key's representation (never
 * the key): by an admin or a console user through the REST APIs, or without one (a leak report, a key rotating
 * itself), then authored by the key's client and its subject (service account, or the user of a personal key), with what the caller may know as details.
 */
public final class KeyAdminEvents {

    private KeyAdminEvents() {
    }

    public static void record(KeycloakSession session, RealmModel realm, AdminAuth author, OperationType operation,
                              StoredApiKey key, Map<String, String> details) {
        AdminEventBuilder event = new AdminEventBuilder(realm, author, session, session.getContext().getConnection())
                .resource(KeyOperations.RESOURCE_TYPE).operation(operation)
                .resourcePath("api-keys", key.id())
                .representation(ApiKeyRepresentations.of(session, realm, key));
        details.forEach(event::detail);
        event.success();
    }

    public static void withoutAdmin(KeycloakSession session, RealmModel realm, OperationType operation, StoredApiKey key,
                                    Map<String, String> details) {
        ClientModel client = realm.getClientById(key.clientUuid());
        // The key's own subject: its client's service account, or the user of a personal key.
        UserModel subject = client == null ? null : key.personal() ? session.users().getUserById(realm, key.userId())
                : session.users().getServiceAccount(client);
        if (subject != null) {
            record(session, realm, new AdminAuth(realm, null, subject, client), operation, key, details);
        }
    }
}
