package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import io.apikeys.keycloak.store.ApiKeyConflictException;
import io.apikeys.keycloak.store.ApiKeyNotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponseException;

import java.util.function.Supplier;

/**
 * Turns the store's exceptions into the documented JSON errors {@code {"error", "error_description"}}:
 * 400 for bad input, 404 for an unknown id (or one of another realm), 409 for a lost concurrent change.
 */
public final class RestErrors {

    private RestErrors() {
    }

    public static <T> T translate(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ApiKeyValidationException e) {
            throw new ErrorResponseException(e.error(), e.description(), Response.Status.BAD_REQUEST);
        } catch (ApiKeyNotFoundException e) {
            throw new ErrorResponseException("not_found", "API key not found", Response.Status.NOT_FOUND);
        } catch (ApiKeyConflictException e) {
            throw new ErrorResponseException("conflict", e.getMessage(), Response.Status.CONFLICT);
        }
    }
}
