package io.apikeys.keycloak.admin;

import io.apikeys.keycloak.ProviderVersion;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.Map;

/** Serves {@link ApiKeysAdminResource} at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public final class ApiKeysAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new ApiKeysAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ProviderVersion.get());
    }
}
