package io.apikeys.keycloak.it.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** Checks a JWT's RS256 signature against the realm's published keys, as a resource server would. */
public final class Jwks {

    private Jwks() {
    }

    public static boolean signatureValid(String realmUrl, String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode keys = Http.get(realmUrl + "/protocol/openid-connect/certs", null).json().get("keys");
        for (JsonNode key : keys) {
            if (key.get("kid").asText().equals(header.get("kid").asText()) && "RSA".equals(key.get("kty").asText())) {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initVerify(rsa(key));
                rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
            }
        }
        return false;
    }

    private static PublicKey rsa(JsonNode jwk) throws Exception {
        BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()));
        BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }
}
