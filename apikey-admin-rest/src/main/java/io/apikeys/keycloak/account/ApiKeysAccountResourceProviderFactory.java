package io.apikeys.keycloak.account;

import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves {@link ApiKeysAccountResource} at {@code /realms/{realm}/}{@value #PROVIDER_ID}, for the account console
 * and the check endpoint.
 */
public final class ApiKeysAccountResourceProviderFactory
        implements RealmResourceProviderFactory, SimpleProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    private record Provider(KeycloakSession session) implements RealmResourceProvider {
        @Override
        public Object getResource() {
            return new ApiKeysAccountResource(session);
        }

        @Override
        public void close() {
        }
    }
}
