package io.apikeys.keycloak.it.harness;

import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every full key the tests were given, so the leak check at the end can look for each of them everywhere. */
public final class IssuedKeys {

    private static final ConcurrentLinkedQueue<String> KEYS = new ConcurrentLinkedQueue<>();
    private static final Pattern FULL_KEY = Pattern.compile("\"key\"\\s*:\\s*\"([A-Za-z0-9]+_[0-9A-Za-z]{38})\"");

    private IssuedKeys() {
    }

    public static String remember(String key) {
        if (key != null) {
            KEYS.add(key);
        }
        return key;
    }

    /** Remembers every full key in a response body (create and rotate answers), whoever sent the request. */
    static void rememberAllIn(String body) {
        if (body != null && body.contains("\"key\"")) {
            FULL_KEY.matcher(body).results().forEach(match -> KEYS.add(match.group(1)));
        }
    }

    public static List<String> all() {
        return List.copyOf(KEYS);
    }
}
