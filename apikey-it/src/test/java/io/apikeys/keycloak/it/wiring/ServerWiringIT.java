package io.apikeys.keycloak.it.wiring;

import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server starts with our JARs installed, lists our providers, and has imported the demo realm. */
@KeycloakIntegrationTest
final class ServerWiringIT {

    private final TestServer server;

    ServerWiringIT(TestServer server) {
        this.server = server;
    }

    @Test
    void serverInfoListsTheKeyStoreWithItsVersion() {
        ServerInfoRepresentation info = server.admin().serverInfo().getInfo();

        Map<String, ProviderRepresentation> stores = info.getProviders().get("api-key-store").getProviders();
        assertThat(stores).containsKey("jpa");
        assertThat(stores.get("jpa").getOperationalInfo()).containsEntry("version", "0.1.0-SNAPSHOT");
        assertThat(info.getProviders().get("jpa-entity-provider").getProviders()).containsKey("api-key");
        assertThat(info.getProviders().get("client-authenticator").getProviders()).containsKey("client-api-key");
        assertThat(info.getProviders().get("oauth2-token-exchange").getProviders()).containsKey("api-key");
        assertThat(info.getProviders().get("oauth2-token-introspection").getProviders()).containsKey("api_key");
        assertThat(info.getProviders().get("oauth2-token-introspection").getProviders().get("access_token")
                .getOperationalInfo()).containsEntry("version", "0.1.0-SNAPSHOT");
        assertThat(info.getProviders().get("admin-realm-restapi-extension").getProviders()).containsKey("api-keys");
    }

    @Test
    void everyRealmsClientFlowOffersTheApiKeyAuthenticatorFirst() {
        for (String realm : List.of("master", "demo")) {
            List<AuthenticationExecutionInfoRepresentation> executions =
                    server.realm(realm).flows().getExecutions("clients");
            assertThat(executions).extracting(AuthenticationExecutionInfoRepresentation::getProviderId)
                    .contains("client-secret", "client-jwt").first().isEqualTo("client-api-key");
            assertThat(executions.get(0).getRequirement()).isEqualTo("ALTERNATIVE");
        }
    }

    @Test
    void demoRealmIsImported() {
        assertThat(server.realm("demo").toRepresentation().isEnabled()).isTrue();
        ClientRepresentation service = server.realm("demo").clients().findByClientId("demo-service").get(0);
        assertThat(service.isServiceAccountsEnabled()).isTrue();
        assertThat(server.realm("demo").clients().findByClientId("demo-gateway")).hasSize(1);
        assertThat(server.realm("demo").users().search("demo-admin", true)).hasSize(1);
    }
}
