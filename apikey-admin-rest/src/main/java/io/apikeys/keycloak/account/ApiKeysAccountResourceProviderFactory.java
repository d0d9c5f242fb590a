package io.apikeys.keycloak.account;

import io.apikeys.keycloak.SimpleProviderFactory;
import io.apikeys.keycloak.check.PhantomTokens;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves {@link ApiKeysAccountResource} at {@code /realms/{realm}/}{@value #PROVIDER_ID}, for the account console
 * and the check endpoint, and owns this node's {@link PhantomTokens}.
 */
public final class ApiKeysAccountResourceProviderFactory
        implements RealmResourceProviderFactory, SimpleProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "api-keys";

    private final PhantomTokens phantomTokens = new PhantomTokens(PhantomTokens.DEFAULT_MAX_ENTRIES, Time::currentTime);

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session, phantomTokens);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    private record Provider(KeycloakSession session, PhantomTokens phantomTokens) implements RealmResourceProvider {
        @Override
        public Object getResource() {
            return new ApiKeysAccountResource(session, phantomTokens);
        }

        @Override
        public void close() {
        }
    }
}
