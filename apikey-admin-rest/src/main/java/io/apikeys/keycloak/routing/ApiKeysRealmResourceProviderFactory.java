package io.apikeys.keycloak.routing;

import io.apikeys.keycloak.SimpleProviderFactory;
import io.apikeys.keycloak.account.ApiKeysAccountResource;
import io.apikeys.keycloak.check.ApiKeyCheckResource;
import io.apikeys.keycloak.leaks.LeakReportResource;
import io.apikeys.keycloak.self.SelfRotationResource;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.PathSegment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import java.util.List;

/**
 * {@code /realms/{realm}/}{@value #PROVIDER_ID}: hands each request to the endpoint its first path segment names,
 * {@code check} (and anything under it) to the gateways' {@link ApiKeyCheckResource}, {@code leaks} to the leak
 * reports' {@link LeakReportResource}, {@code self} to a key's {@link SelfRotationResource}, everything else to the
 * account console's {@link ApiKeysAccountResource}. No
 * endpoint knows another; each owns its state.
 */
public final class ApiKeysRealmResourceProviderFactory
        implements RealmResourceProviderFactory, SimpleProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "api-keys";
    /** {@code realms}, the realm's name, {@value #PROVIDER_ID}, then the endpoint's segment. */
    private static final int ENDPOINT_SEGMENT = 3;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Router(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    private record Router(KeycloakSession session) implements RealmResourceProvider {

        @Override
        public Object getResource() {
            List<PathSegment> segments = session.getContext().getUri().getPathSegments();
            String endpoint = segments.size() > ENDPOINT_SEGMENT ? segments.get(ENDPOINT_SEGMENT).getPath() : "";
            return switch (endpoint) {
                case CheckRoutes.SEGMENT -> new CheckRoutes(session);
                case LeakRoutes.SEGMENT -> new LeakRoutes(session);
                case SelfRoutes.SEGMENT -> new SelfRoutes(session);
                default -> new ApiKeysAccountResource(session);
            };
        }

        @Override
        public void close() {
        }
    }

    /** The leak reports at {@code leaks} and {@code leaks/github}. */
    public static final class LeakRoutes {

        static final String SEGMENT = "leaks";
        private final KeycloakSession session;

        LeakRoutes(KeycloakSession session) {
            this.session = session;
        }

        @Path(SEGMENT)
        public LeakReportResource leaks() {
            return new LeakReportResource(session);
        }
    }

    /** A key's own operations at {@code self}: {@code self/rotate}. */
    public static final class SelfRoutes {

        static final String SEGMENT = "self";
        private final KeycloakSession session;

        SelfRoutes(KeycloakSession session) {
            this.session = session;
        }

        @Path(SEGMENT)
        public SelfRotationResource self() {
            return new SelfRotationResource(session);
        }
    }

    /** The check endpoint at {@code check} and under any sub-path, so a gateway may forward the original path. */
    public static final class CheckRoutes {

        static final String SEGMENT = "check";
        private final KeycloakSession session;

        CheckRoutes(KeycloakSession session) {
            this.session = session;
        }

        @Path(SEGMENT)
        public ApiKeyCheckResource check() {
            return new ApiKeyCheckResource(session);
        }

        @Path(SEGMENT + "/{path:.*}")
        public ApiKeyCheckResource checkSubPath() {
            return check();
        }
    }
}
