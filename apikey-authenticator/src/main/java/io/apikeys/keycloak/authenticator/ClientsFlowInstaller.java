package io.apikeys.keycloak.authenticator;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Adds the API key authenticator as the last ALTERNATIVE of each realm's client authentication flow: existing
 * realms at startup, new and imported realms when they are created. Built-in executions are left as they are,
 * and a client keeps its own authenticator until an admin switches it.
 */
final class ClientsFlowInstaller {

    private static final Logger LOG = Logger.getLogger(ClientsFlowInstaller.class);

    private ClientsFlowInstaller() {
    }

    static void register(KeycloakSessionFactory factory, String authenticatorId) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session ->
                        session.realms().getRealmsStream().forEach(realm -> install(realm, authenticatorId)));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                install(created.getCreatedRealm(), authenticatorId);
            }
        });
    }

    static void install(RealmModel realm, String authenticatorId) {
        AuthenticationFlowModel flow = realm.getClientAuthenticationFlow();
        if (flow == null) {
            return;
        }
        boolean present = realm.getAuthenticationExecutionsStream(flow.getId())
                .anyMatch(execution -> authenticatorId.equals(execution.getAuthenticator()));
        if (present) {
            return;
        }
        int last = realm.getAuthenticationExecutionsStream(flow.getId())
                .mapToInt(AuthenticationExecutionModel::getPriority).max().orElse(0);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
        execution.setAuthenticator(authenticatorId);
        execution.setPriority(last + 10);
        execution.setAuthenticatorFlow(false);
        realm.addAuthenticatorExecution(execution);
        LOG.infof("Added client authenticator '%s' to flow '%s' of realm '%s'", authenticatorId, flow.getAlias(), realm.getName());
    }
}
