package io.apikeys.keycloak.authenticator;

import io.apikeys.keycloak.SimpleProviderFactory;
import io.apikeys.keycloak.verification.KeyGrants;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the client authenticator {@value #PROVIDER_ID} ("{@value #DISPLAY_TYPE}") that admins select in a
 * client's Credentials tab, and adds it to the client authentication flow of every realm.
 */
public final class ApiKeyClientAuthenticatorFactory implements ClientAuthenticatorFactory, SimpleProviderFactory<ClientAuthenticator> {

    public static final String PROVIDER_ID = KeyGrants.CLIENT_AUTHENTICATOR_ID;
    public static final String DISPLAY_TYPE = KeyGrants.CLIENT_AUTHENTICATOR_NAME;

    private static final ClientIdAndSecretAuthenticator CLIENT_SECRET = new ClientIdAndSecretAuthenticator();

    @Override
    public ClientAuthenticator create() {
        return new ApiKeyClientAuthenticator();
    }

    @Override
    public ClientAuthenticator create(KeycloakSession session) {
        return create();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ClientsFlowInstaller.register(factory, PROVIDER_ID);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return DISPLAY_TYPE;
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{
                AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Validates the client secret, or one of the client's API keys sent as client secret or as token-exchange subject_token";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
        return List.of();
    }

    @Override
    public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
        return CLIENT_SECRET.getAdapterConfiguration(session, client);
    }

    /**
     * No OIDC method of its own: advertising client_secret_basic/post here could make dynamic client registration
     * pick this authenticator instead of Keycloak's {@code client-secret}.
     */
    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return Set.of();
    }

    @Override
    public boolean supportsSecret() {
        return true;
    }
}
