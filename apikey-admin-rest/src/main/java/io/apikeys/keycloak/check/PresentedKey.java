package io.apikeys.keycloak.check;

import jakarta.ws.rs.core.HttpHeaders;

import java.util.Locale;

/** Where a gateway may put the key: {@code X-API-Key: <key>}, {@code Authorization: Bearer <key>} or {@code ApiKey <key>}. */
public final class PresentedKey {

    private static final String[] SCHEMES = {"bearer ", "apikey "};

    private PresentedKey() {
    }

    /**
     * The presented string, unparsed, or null when there is none. {@code X-API-Key} comes first. A header sent twice
     * is joined with commas by JAX-RS and so never parses as a key: an ambiguous request is refused.
     */
    public static String from(HttpHeaders headers) {
        String key = headers.getHeaderString(ApiKeyCheckResource.KEY_HEADER);
        if (key != null) {
            return key.strip();
        }
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return null;
        }
        String lower = authorization.toLowerCase(Locale.ROOT);
        for (String scheme : SCHEMES) {
            if (lower.startsWith(scheme)) {
                return authorization.substring(scheme.length()).strip();
            }
        }
        return null;
    }
}
