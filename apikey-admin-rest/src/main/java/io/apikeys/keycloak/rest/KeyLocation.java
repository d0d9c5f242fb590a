package io.apikeys.keycloak.rest;

/**
 * Where a created key can be read again, for the {@code Location} header of a 201.
 *
 * @param template     path below the server's base URI, with {@code {realm}} and {@code {id}}
 * @param rotatedKeys  whether the 201 of a rotation names the new key too
 */
public record KeyLocation(String template, boolean rotatedKeys) {
}
