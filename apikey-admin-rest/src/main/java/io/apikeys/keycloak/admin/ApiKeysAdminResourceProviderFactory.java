package io.apikeys.keycloak.admin;

import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Serves {@link ApiKeysAdminResource} at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public final class ApiKeysAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        SimpleProviderFactory<AdminRealmResourceProvider> {

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

    /** Both the factory and the (stateless) provider: nothing to close. */
    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
