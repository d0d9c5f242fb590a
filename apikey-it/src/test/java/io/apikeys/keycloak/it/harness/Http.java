package io.apikeys.keycloak.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Plain HTTP calls, the way curl would make them, so tests read like a user's session. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    /** A realm's own endpoints (not the admin API's, where a caller's address counts for nothing). */
    private static final Pattern REALM_PATH = Pattern.compile("^/realms/([^/]+)/");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A response: status, headers and body, with the body as JSON on demand. */
    public record Result(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A form request under construction. */
    public static final class Form {
        private final String url;
        private final List<String[]> fields = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Form(String url) {
            this.url = url;
        }

        public Form param(String name, String value) {
            fields.add(new String[]{name, value});
            return this;
        }

        public Form basicAuth(String user, String password) {
            String raw = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8);
            return header("Authorization", "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        }

        public Form header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Result post() {
            String body = fields.stream()
                    .map(f -> URLEncoder.encode(f[0], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f[1], StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            return send(request.build());
        }
    }

    private Http() {
    }

    public static Form form(String url) {
        return new Form(url);
    }

    public static Result get(String url, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** A JSON request with any method; {@code body} is sent as is (it may be deliberately malformed). */
    public static Result json(String method, String url, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** A JSON POST with the given header name/value pairs. */
    public static Result postJson(String url, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        return send(request.build());
    }

    /** A request with any method, no body and the given header name/value pairs. */
    public static Result request(String method, String url, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        return send(request.build());
    }

    /**
     * The source address Keycloak sees for calls to a realm: one loopback address per realm (the test server trusts
     * {@code X-Forwarded-For}), so the failures one test class provokes never throttle another class's calls.
     */
    public static String callerAddressOf(String realm) {
        int hash = realm.hashCode() & 0xFFFFFF;
        return hash <= 1 ? "127.0.0.2" : "127." + (hash >> 16) + "." + ((hash >> 8) & 0xFF) + "." + (hash & 0xFF);
    }

    private static Result send(HttpRequest request) {
        Matcher realm = REALM_PATH.matcher(request.uri().getPath());
        if (realm.find() && request.headers().firstValue(FORWARDED_FOR).isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header(FORWARDED_FOR, callerAddressOf(realm.group(1))).build();
        }
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            IssuedKeys.rememberAllIn(response.body());
            return new Result(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
