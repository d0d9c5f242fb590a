package io.apikeys.keycloak.check;

import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.node.PhantomTokens;
import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.restriction.KeyTokenMinter;
import io.apikeys.keycloak.answer.BearerAnswer;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import io.apikeys.keycloak.verification.FailureReason;
import io.apikeys.keycloak.verification.KeyUse;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessTokenResponse;

import java.util.Optional;

/**
 * Forward authentication for gateways (nginx {@code auth_request}, Traefik ForwardAuth, Envoy {@code ext_authz},
 * Caddy {@code forward_auth}): {@code GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS /realms/{realm}/api-keys/check[/any/sub/path]}.
 * The presented key is the only credential; the gateway does not authenticate itself.
 *
 * <table>
 *   <caption>Request</caption>
 *   <tr><th>header</th><th>value</th></tr>
 *   <tr><td>{@code X-API-Key}</td><td>the key (taken first when present)</td></tr>
 *   <tr><td>{@code Authorization}</td><td>{@code Bearer <key>} or {@code ApiKey <key>}</td></tr>
 * </table>
 * Query parameter {@code token=jwt} (optional): also return the access token the key's exchange would mint, for the
 * backend behind the gateway; any other value is {@code 400 invalid_request}.
 *
 * <table>
 *   <caption>Response</caption>
 *   <tr><th>status</th><th>when</th><th>headers</th></tr>
 *   <tr><td>200, empty body</td><td>the key may be used now</td>
 *       <td>{@code X-Api-Key-Id}, {@code X-Client-Id}, {@code X-Subject} (the service account's or, for a personal key, the user's id), {@code X-Username}, {@code X-Scope}
 *       (the key's scopes, space separated), {@code Cache-Control: no-store}; client id and scopes percent-encoded
 *       where they hold anything but visible ASCII (see {@link HeaderValue}); with {@code token=jwt} also
 *       {@code X-Access-Token} (reused for the same key while at least 20 % of its lifetime is left)</td></tr>
 *   <tr><td>401 {@code {"error":"invalid_token"}}</td><td>any refusal, whatever the reason</td>
 *       <td>{@code WWW-Authenticate: Bearer realm="{realm}", error="invalid_token"}</td></tr>
 *   <tr><td>429 {@code {"error":"too_many_requests"}}</td><td>the key's rate limit is used up</td>
 *       <td>{@code Retry-After}, {@code RateLimit-Policy}, {@code RateLimit}</td></tr>
 * </table>
 *
 * Every answer is a Keycloak event, {@code INTROSPECT_TOKEN} or {@code INTROSPECT_TOKEN_ERROR} (detail
 * {@code api_key_id} when the key was found, and {@code reason} for a refusal), never with the key; a freshly
 * minted phantom token is also a {@code CLIENT_LOGIN} event, a reused one is not.
 */
public final class ApiKeyCheckResource {

    static final String KEY_HEADER = "X-API-Key";
    static final String KEY_ID_HEADER = "X-Api-Key-Id";
    static final String CLIENT_ID_HEADER = "X-Client-Id";
    static final String SUBJECT_HEADER = "X-Subject";
    /** The subject's username: the service account's, or the user's of a personal key. */
    static final String USERNAME_HEADER = "X-Username";
    static final String SCOPE_HEADER = "X-Scope";
    static final String ACCESS_TOKEN_HEADER = "X-Access-Token";
    static final String TOKEN_PARAMETER = "token";
    static final String JWT = "jwt";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PhantomTokens phantomTokens;

    public ApiKeyCheckResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.phantomTokens = session.getProvider(ApiKeyNodeServices.class).phantomTokens();
    }

    @GET
    public Response get() {
        return check();
    }

    @HEAD
    public Response head() {
        return check();
    }

    @POST
    public Response post() {
        return check();
    }

    @PUT
    public Response put() {
        return check();
    }

    @PATCH
    public Response patch() {
        return check();
    }

    @DELETE
    public Response delete() {
        return check();
    }

    /**
     * Checked like GET: without it JAX-RS answers OPTIONS itself with 200, and a gateway that forwards the client's
     * method (Envoy's {@code ext_authz} does) would let key-less OPTIONS requests through.
     */
    @OPTIONS
    public Response options() {
        return check();
    }

    private Response check() {
        String token = session.getContext().getUri().getQueryParameters().getFirst(TOKEN_PARAMETER);
        if (token != null && !JWT.equals(token)) {
            return BearerAnswer.invalidRequest("token must be 'jwt' or absent");
        }
        ApiKeyVerifier verifier = new ApiKeyVerifier(session, realm);
        Optional<ApiKey> key = verifier.parse(PresentedKey.from(session.getContext().getRequestHeaders()));
        // The key holder is the caller, so its address (as Keycloak resolved it: proxy headers count only when
        // Keycloak trusts them) is checked against allowedIps and throttled on failures, as on the token endpoint.
        Verification verification = verifier.verify(key, session.getContext().getConnection().getRemoteAddr(), KeyUse.ANY_CLIENT);
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.INTROSPECT_TOKEN);
        KeyEvents.describe(event, verification);
        return switch (verification) {
            case Verification.Accepted accepted -> {
                event.client(accepted.client()).user(accepted.subject()).success();
                // The 200 has no body and so no media type, which Keycloak's security-headers filter refuses unless told.
                session.getProvider(SecurityHeadersProvider.class).options().allowEmptyContentType();
                Response.ResponseBuilder ok = Response.ok()
                        .header(KEY_ID_HEADER, accepted.key().id())
                        .header(CLIENT_ID_HEADER, HeaderValue.encode(accepted.client().getClientId()))
                        .header(SUBJECT_HEADER, accepted.subject().getId())
                        .header(USERNAME_HEADER, HeaderValue.encode(accepted.subject().getUsername()))
                        .header(SCOPE_HEADER, String.join(" ", accepted.key().scopes().stream().map(HeaderValue::encode).toList()))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store");
                if (token == null) {
                    yield ok.build();
                }
                Optional<String> jwt = phantomToken(accepted, key.orElseThrow());
                if (jwt.isEmpty()) {
                    // The key is fine but Keycloak refused to mint (say a client policy): the gateway must not pass
                    // the request on without the token it asked for, so this is a refusal like any other.
                    event.detail(KeyEvents.REASON_DETAIL, FailureReason.TOKEN_NOT_ISSUED.eventValue()).error(Errors.INVALID_TOKEN);
                    yield BearerAnswer.invalidToken(realm.getName());
                }
                yield ok.header(ACCESS_TOKEN_HEADER, jwt.get()).build();
            }
            case Verification.OverLimit limited -> {
                event.client(limited.client()).error(KeyEvents.error(limited.decision()));
                yield BearerAnswer.of(limited, realm.getName());
            }
            case Verification.Rejected rejected -> {
                if (rejected.client() != null) {
                    event.client(rejected.client());
                }
                // One answer for every reason, so a caller cannot tell an unknown key from a revoked one.
                event.error(Errors.INVALID_TOKEN);
                yield BearerAnswer.of(rejected, realm.getName());
            }
        };
    }

    private Optional<String> phantomToken(Verification.Accepted accepted, ApiKey presented) {
        Optional<String> kept = phantomTokens.reusable(accepted.key().id(), accepted.key().version());
        if (kept.isPresent()) {
            return kept;
        }
        EventBuilder minted = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN).client(accepted.client())
                .detail(KeyEvents.API_KEY_ID_DETAIL, accepted.key().id());
        Optional<AccessTokenResponse> response = new KeyTokenMinter(session).mint(accepted, presented, minted);
        response.ifPresent(r -> phantomTokens.keep(accepted.key().id(), accepted.key().version(), r.getToken(), r.getExpiresIn()));
        return response.map(AccessTokenResponse::getToken);
    }
}
