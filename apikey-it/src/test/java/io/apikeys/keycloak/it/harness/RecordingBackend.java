package io.apikeys.keycloak.it.harness;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The API behind a gateway in a test: an HTTP server on 127.0.0.1 that answers {@code 200 backend} to everything
 * and records what each request brought, so a test can see which headers the gateway passed on.
 */
public final class RecordingBackend implements AutoCloseable {

    /** One request as the backend saw it; header names in lower case, each with its values. */
    public record Request(String method, String path, Map<String, List<String>> headers) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }
    }

    private final HttpServer server;
    private final LinkedBlockingDeque<Request> requests = new LinkedBlockingDeque<>();

    private RecordingBackend(HttpServer server) {
        this.server = server;
    }

    public static RecordingBackend start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            RecordingBackend backend = new RecordingBackend(server);
            server.createContext("/", exchange -> {
                Map<String, List<String>> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
                backend.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers));
                byte[] body = "backend".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return backend;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The requests that reached the backend so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The newest request, or an {@link AssertionError} if none reached the backend. */
    public Request last() {
        Request last = requests.peekLast();
        if (last == null) {
            throw new AssertionError("No request reached the backend");
        }
        return last;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
