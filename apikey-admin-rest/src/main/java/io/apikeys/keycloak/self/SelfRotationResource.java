package io.apikeys.keycloak.self;

import io.apikeys.keycloak.answer.BearerAnswer;
import io.apikeys.keycloak.check.PresentedKey;
import io.apikeys.keycloak.key.ApiKey;
import io.apikeys.keycloak.lifecycle.KeyNotices;
import io.apikeys.keycloak.lifecycle.Notice;
import io.apikeys.keycloak.node.ApiKeyNodeServices;
import io.apikeys.keycloak.rest.ApiKeyRepresentations;
import io.apikeys.keycloak.rest.JsonBody;
import io.apikeys.keycloak.rest.KeyAdminEvents;
import io.apikeys.keycloak.rest.RestErrors;
import io.apikeys.keycloak.store.ApiKeyStore;
import io.apikeys.keycloak.store.CreatedApiKey;
import io.apikeys.keycloak.store.StoredApiKey;
import io.apikeys.keycloak.verification.ApiKeyVerifier;
import io.apikeys.keycloak.verification.KeyUse;
import io.apikeys.keycloak.verification.Verification;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /realms/{realm}/api-keys/self/rotate}: a key with {@code selfRotation} replaces itself, authenticated
 * by itself as at the check endpoint ({@code X-API-Key}, or {@code Authorization: Bearer|ApiKey}). The successor
 * has every setting, the lineage (so the quota's count goes on) and the chain; the old key works for
 * {@code gracePeriodSeconds} (optional, at most 30 days). A key that already has a successor is a reused one (also
 * after its grace period): its holder is not the only one, so the whole chain is revoked
 * ({@code revokedReason: REUSED}) and the answer is the uniform 401, as for any refused key.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SelfRotationResource {

    static final String NOT_ALLOWED = "self_rotation_not_allowed";

    private final KeycloakSession session;
    private final RealmModel realm;

    public SelfRotationResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Path("rotate")
    public Response rotate(String body) {
        ApiKeyVerifier verifier = new ApiKeyVerifier(session, realm);
        Optional<ApiKey> presented = verifier.parse(PresentedKey.from(session.getContext().getRequestHeaders()));
        Verification verification = verifier.verify(presented, session.getContext().getConnection().getRemoteAddr(),
                KeyUse.ANY_CLIENT);
        ApiKeyStore store = session.getProvider(ApiKeyStore.class);
        // A found key that rotated itself before is reused, also once its grace period is over (expired).
        Optional<StoredApiKey> found = verification instanceof Verification.Accepted accepted ? Optional.of(accepted.key())
                : verification instanceof Verification.Rejected && verification.keyId() != null
                        ? store.findById(realm, verification.keyId()) : Optional.empty();
        if (found.isPresent() && found.get().selfRotation()) {
            List<StoredApiKey> chain = store.lineage(realm, found.get().lineageId());
            if (chain.stream().anyMatch(other -> found.get().id().equals(other.rotatedFromId()))) {
                revoke(store, chain);
                return BearerAnswer.invalidToken(realm.getName());
            }
        }
        if (!(verification instanceof Verification.Accepted accepted)) {
            return BearerAnswer.of(verification, realm.getName());
        }
        StoredApiKey key = accepted.key();
        if (!key.selfRotation()) {
            return Response.status(Response.Status.FORBIDDEN).entity(new OAuth2ErrorRepresentation(NOT_ALLOWED,
                    "This API key may not rotate itself; an admin can allow it (selfRotation)")).build();
        }
        return RestErrors.translate(() -> {
            Integer grace = body == null || body.isBlank() ? null : JsonBody.parse(body).intValue("gracePeriodSeconds", null);
            CreatedApiKey created = store.rotate(realm, key.id(), grace == null ? 0 : grace,
                    accepted.subject().getId());
            KeyAdminEvents.withoutAdmin(session, realm, OperationType.ACTION, store.findById(realm, key.id()).orElseThrow(),
                    Map.of("rotated_by", "self"));
            KeyAdminEvents.withoutAdmin(session, realm, OperationType.CREATE, created.stored(), Map.of("rotated_by", "self"));
            return Response.status(Response.Status.CREATED)
                    .entity(ApiKeyRepresentations.created(session, realm, created)).build();
        });
    }

    /** A rotated key rotating again: every key of its chain stops, whichever holder is the thief. */
    private void revoke(ApiKeyStore store, List<StoredApiKey> chain) {
        long now = Time.currentTimeMillis();
        StoredApiKey newest = null;
        for (StoredApiKey member : chain) {
            if (member.revokedTimestamp() == null) {
                newest = store.revoke(realm, member.id(), StoredApiKey.REUSED);
                KeyAdminEvents.withoutAdmin(session, realm, OperationType.ACTION, newest,
                        Map.of("reason", "reused", "at", String.valueOf(now)));
            }
        }
        if (newest != null) {
            // One e-mail for the chain, about the key its owner holds now.
            session.getProvider(KeyNotices.class).tellAfterCommit(realm, newest, Notice.REUSED, Map.of());
            session.getProvider(ApiKeyNodeServices.class).automaticAction(realm, "reuse_revoke");
        }
    }
}
