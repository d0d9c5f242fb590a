package io.apikeys.keycloak.leaks;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * GitHub's secret-scanning public keys ({@code {"public_keys": [{"key_identifier", "key" (PEM), "is_current"}]}}),
 * read from the document at {@code publicKeysUrl} and kept in memory; fetched again when a request names an
 * identifier not yet known, at most once per {@value #REFETCH_SECONDS} s, so forged identifiers cannot make this
 * node hammer the document. Verifies {@code Github-Public-Key-Signature}: base64 ECDSA P-256 with SHA-256 over the
 * raw body.
 */
final class GithubPublicKeys {

    static final long REFETCH_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(GithubPublicKeys.class);

    private final URI publicKeysUrl;
    private final LongSupplier clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Map<String, PublicKey> keys = Map.of();
    private long fetchedAt = Long.MIN_VALUE;

    GithubPublicKeys(URI publicKeysUrl, LongSupplier clock) {
        this.publicKeysUrl = publicKeysUrl;
        this.clock = clock;
    }

    /** Whether {@code signature} is a valid signature of {@code body} by the key named {@code identifier}. */
    boolean verify(String identifier, String signature, byte[] body) {
        if (identifier == null || signature == null) {
            return false;
        }
        PublicKey key = key(identifier);
        if (key == null) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            return ecdsa.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private synchronized PublicKey key(String identifier) {
        PublicKey key = keys.get(identifier);
        long now = clock.getAsLong();
        if (key == null && (fetchedAt == Long.MIN_VALUE || now - fetchedAt >= REFETCH_SECONDS * 1000)) {
            fetchedAt = now;
            try {
                keys = fetch();
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Could not read GitHub's secret-scanning public keys from %s: %s", publicKeysUrl, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            key = keys.get(identifier);
        }
        return key;
    }

    private Map<String, PublicKey> fetch() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(publicKeysUrl)
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        Map<String, PublicKey> read = new HashMap<>();
        for (JsonNode entry : JsonSerialization.mapper.readTree(response.body()).path("public_keys")) {
            String id = entry.path("key_identifier").asText(null);
            String pem = entry.path("key").asText(null);
            if (id != null && pem != null) {
                read.put(id, parsePem(pem));
            }
        }
        return Map.copyOf(read);
    }

    static PublicKey parsePem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an EC public key in PEM", e);
        }
    }
}
