package io.apikeys.keycloak.authenticator;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

import java.util.List;

/**
 * Adds the API key authenticator as the first ALTERNATIVE of each realm's client authentication flow: existing
 * realms at startup, new and imported realms when they are created. It stays out of requests of clients that use
 * another authenticator unless they carry an API key; built-in executions are left as they are, and a client keeps
 * its own authenticator until an admin switches it.
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
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(flow.getId()).toList();
        int first = executions.stream().filter(execution -> !authenticatorId.equals(execution.getAuthenticator()))
                .mapToInt(AuthenticationExecutionModel::getPriority).min().orElse(10);
        AuthenticationExecutionModel ours = executions.stream()
                .filter(execution -> authenticatorId.equals(execution.getAuthenticator())).findFirst().orElse(null);
        if (ours == null) {
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setParentFlow(flow.getId());
            execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
            execution.setAuthenticator(authenticatorId);
            execution.setPriority(first - 10);
            execution.setAuthenticatorFlow(false);
            realm.addAuthenticatorExecution(execution);
            LOG.infof("Added client authenticator '%s' to flow '%s' of realm '%s'", authenticatorId, flow.getAlias(), realm.getName());
        } else if (ours.getPriority() >= first) {
            // Earlier versions added it last; it must run first to answer keys sent with another client's id.
            ours.setPriority(first - 10);
            realm.updateAuthenticatorExecution(ours);
            LOG.infof("Moved client authenticator '%s' to the front of flow '%s' of realm '%s'", authenticatorId,
                    flow.getAlias(), realm.getName());
        }
    }
}
