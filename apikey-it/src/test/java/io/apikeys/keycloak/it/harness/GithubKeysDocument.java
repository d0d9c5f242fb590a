package io.apikeys.keycloak.it.harness;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for GitHub's secret-scanning public-keys document: the test server is started with its URL
 * ({@code --spi-api-key-leaks--github--public-keys-url}), and a test serves a document of its own keys there while
 * it runs. The port is chosen once per test JVM, before the server starts.
 */
public final class GithubKeysDocument implements AutoCloseable {

    static final int PORT = Ports.free();
    public static final String URL = "http://127.0.0.1:" + PORT + "/meta/public_keys/secret_scanning";

    private final HttpServer server;

    private GithubKeysDocument(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code json} at {@link #URL} until closed. */
    public static GithubKeysDocument serve(String json) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            server.createContext("/meta/public_keys/secret_scanning", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new GithubKeysDocument(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
