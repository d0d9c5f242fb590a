package io.apikeys.keycloak.leaks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class GithubPublicKeysTest {

    private static final byte[] BODY = "[{\"token\":\"kcak_x\"}]".getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void verifiesGithubsSignatureAndFetchesAnUnknownIdentifierAtMostOnceAMinute() throws Exception {
        KeyPair pair = pair();
        GithubPublicKeys keys = new GithubPublicKeys(serve("github-1", pair), clock::get);

        assertThat(keys.verify("github-1", sign(pair, BODY), BODY)).isTrue();
        assertThat(keys.verify("github-1", sign(pair, BODY), "[]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(keys.verify("github-1", "not base64!", BODY)).isFalse();
        assertThat(keys.verify("github-1", null, BODY)).isFalse();
        assertThat(fetches).hasValue(1);

        assertThat(keys.verify("forged-1", sign(pair, BODY), BODY)).isFalse();
        assertThat(keys.verify("forged-2", sign(pair, BODY), BODY)).isFalse();
        assertThat(fetches).as("no second fetch within a minute").hasValue(1);

        clock.addAndGet(GithubPublicKeys.REFETCH_SECONDS * 1000);
        assertThat(keys.verify("forged-3", sign(pair, BODY), BODY)).isFalse();
        assertThat(fetches).hasValue(2);
    }

    private URI serve(String identifier, KeyPair pair) throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\\n-----END PUBLIC KEY-----\\n";
        byte[] document = ("{\"public_keys\":[{\"key_identifier\":\"" + identifier + "\",\"key\":\"" + pem
                + "\",\"is_current\":true}]}").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys");
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String sign(KeyPair pair, byte[] body) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(body);
        return Base64.getEncoder().encodeToString(ecdsa.sign());
    }
}
