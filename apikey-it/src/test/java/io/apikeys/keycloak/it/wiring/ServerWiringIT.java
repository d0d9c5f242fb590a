package io.apikeys.keycloak.it.wiring;

import io.apikeys.keycloak.admin.ApiKeysAdminResourceProviderFactory;
import io.apikeys.keycloak.authenticator.ApiKeyClientAuthenticatorFactory;
import io.apikeys.keycloak.exchange.ApiKeyTokenExchangeProviderFactory;
import io.apikeys.keycloak.introspection.ApiKeyIntrospectionProviderFactory;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.StorageSensitive;
import io.apikeys.keycloak.it.harness.TestServer;
import io.apikeys.keycloak.node.DefaultNodeServicesFactory;
import io.apikeys.keycloak.store.jpa.ApiKeyJpaEntityProviderFactory;
import io.apikeys.keycloak.store.jpa.JpaApiKeyStoreFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server starts with our JARs installed, lists our providers, and has imported the demo realm. */
@KeycloakIntegrationTest
@StorageSensitive
final class ServerWiringIT {

    private final TestServer server;

    ServerWiringIT(TestServer server) {
        this.server = server;
    }

    @Test
    void serverInfoListsTheKeyStoreWithItsVersion() {
        ServerInfoRepresentation info = server.admin().serverInfo().getInfo();

        String version = System.getProperty("project.version");
        Map<String, ProviderRepresentation> stores = info.getProviders().get("api-key-store").getProviders();
        assertThat(stores).containsKey(JpaApiKeyStoreFactory.PROVIDER_ID);
        assertThat(stores.get(JpaApiKeyStoreFactory.PROVIDER_ID).getOperationalInfo()).containsEntry("version", version)
                .containsEntry("changePollSeconds", "5").containsKey("changePoll");
        Map<String, String> node = info.getProviders().get("api-key-node").getProviders()
                .get(DefaultNodeServicesFactory.PROVIDER_ID).getOperationalInfo();
        assertThat(node).containsEntry("version", version).containsEntry("lastUsedFlushSeconds", "2")
                .containsKeys("phantomTokens", "rateLimitCounters", "pendingLastUsed");
        assertThat(info.getProviders().get("jpa-entity-provider").getProviders())
                .containsKey(ApiKeyJpaEntityProviderFactory.PROVIDER_ID);
        assertThat(info.getProviders().get("client-authenticator").getProviders())
                .containsKey(ApiKeyClientAuthenticatorFactory.PROVIDER_ID);
        assertThat(info.getProviders().get("oauth2-token-exchange").getProviders())
                .containsKey(ApiKeyTokenExchangeProviderFactory.PROVIDER_ID);
        Map<String, ProviderRepresentation> introspection = info.getProviders().get("oauth2-token-introspection").getProviders();
        assertThat(introspection).containsKey(ApiKeyIntrospectionProviderFactory.PROVIDER_ID);
        assertThat(introspection.get("access_token").getOperationalInfo()).containsEntry("version", version);
        assertThat(info.getProviders().get("admin-realm-restapi-extension").getProviders())
                .containsKey(ApiKeysAdminResourceProviderFactory.PROVIDER_ID);
    }

    @Test
    void everyRealmsClientFlowOffersTheApiKeyAuthenticatorFirst() {
        for (String realm : List.of("master", "demo")) {
            List<AuthenticationExecutionInfoRepresentation> executions =
                    server.realm(realm).flows().getExecutions("clients");
            assertThat(executions).extracting(AuthenticationExecutionInfoRepresentation::getProviderId)
                    .contains("client-secret", "client-jwt").first().isEqualTo(ApiKeyClientAuthenticatorFactory.PROVIDER_ID);
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
