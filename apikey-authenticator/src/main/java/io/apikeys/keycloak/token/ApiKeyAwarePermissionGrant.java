package io.apikeys.keycloak.token;

import io.apikeys.keycloak.restriction.KeyRestrictions;
import io.apikeys.keycloak.verification.KeyEvents;
import io.apikeys.keycloak.verification.FailureReason;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.protocol.oidc.grants.PermissionGrantType;
import org.keycloak.services.CorsErrorResponseException;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * Keycloak's UMA grant, unchanged, except that it mints nothing from a token minted from an API key (as bearer,
 * {@code subject_token}, {@code claim_token} or {@code rpt}): the requesting party token would carry the service
 * account's roles and no {@value KeyRestrictions#API_KEY_ID_CLAIM}, and could renew itself after the key is revoked.
 */
final class ApiKeyAwarePermissionGrant extends PermissionGrantType {

    @Override
    public Response process(Context context) {
        setContext(context);
        String keyId = Stream.of(bearerToken(), formParams.getFirst("subject_token"), formParams.getFirst("claim_token"),
                        formParams.getFirst("rpt"))
                .map(KeyRestrictions::keyIdOf).filter(Objects::nonNull).findFirst().orElse(null);
        if (keyId != null) {
            event.detail(KeyEvents.API_KEY_ID_DETAIL, keyId)
                    .detail(KeyEvents.REASON_DETAIL, FailureReason.KEY_TOKEN_NOT_EXCHANGEABLE.eventValue())
                    .error(Errors.INVALID_TOKEN);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT,
                    "A token minted from an API key cannot obtain permissions", Response.Status.BAD_REQUEST);
        }
        return super.process(context);
    }

    /** The credential after the scheme of the Authorization header; what it is, Keycloak's own grant decides. */
    private String bearerToken() {
        String authorization = headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        int space = authorization == null ? -1 : authorization.indexOf(' ');
        return space < 0 ? null : authorization.substring(space + 1).trim();
    }
}
