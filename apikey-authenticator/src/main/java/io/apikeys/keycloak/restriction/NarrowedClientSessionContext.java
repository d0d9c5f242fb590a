package io.apikeys.keycloak.restriction;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.rar.AuthorizationRequestContext;

import java.util.Set;
import java.util.stream.Stream;

/**
 * Keycloak's client session context with the roles cut down to a key's. Protocol mappers read a token's roles
 * only from {@link #getRolesStream()} (realm_access, resource_access, microprofile {@code groups}, role name
 * mappers, audience resolution), so every role-derived claim is built from the key's roles in the first place
 * instead of being trimmed afterwards.
 */
final class NarrowedClientSessionContext implements ClientSessionContext {

    private final ClientSessionContext delegate;
    private final Set<RoleModel> allowedRoles;

    NarrowedClientSessionContext(ClientSessionContext delegate, Set<RoleModel> allowedRoles) {
        this.delegate = delegate;
        this.allowedRoles = allowedRoles;
    }

    @Override
    public Stream<RoleModel> getRolesStream() {
        return delegate.getRolesStream().filter(allowedRoles::contains);
    }

    @Override
    public AuthenticatedClientSessionModel getClientSession() {
        return delegate.getClientSession();
    }

    @Override
    public Set<String> getClientScopeIds() {
        return delegate.getClientScopeIds();
    }

    @Override
    public Stream<ClientScopeModel> getClientScopesStream() {
        return delegate.getClientScopesStream();
    }

    @Override
    public boolean isOfflineTokenRequested() {
        return delegate.isOfflineTokenRequested();
    }

    @Override
    public Stream<ProtocolMapperModel> getProtocolMappersStream() {
        return delegate.getProtocolMappersStream();
    }

    @Override
    public String getScopeString() {
        return delegate.getScopeString();
    }

    @Override
    public String getScopeString(boolean ignoreIncludeInTokenScope) {
        return delegate.getScopeString(ignoreIncludeInTokenScope);
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public <T> T getAttribute(String attribute, Class<T> clazz) {
        return delegate.getAttribute(attribute, clazz);
    }

    @Override
    public AuthorizationRequestContext getAuthorizationRequestContext() {
        return delegate.getAuthorizationRequestContext();
    }
}
