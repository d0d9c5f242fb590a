package io.apikeys.keycloak.it.harness;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every full key the tests were given, so the leak check at the end can look for each of them everywhere. */
public final class IssuedKeys {

    private static final ConcurrentLinkedQueue<String> KEYS = new ConcurrentLinkedQueue<>();

    private IssuedKeys() {
    }

    public static String remember(String key) {
        if (key != null) {
            KEYS.add(key);
        }
        return key;
    }

    public static List<String> all() {
        return List.copyOf(KEYS);
    }
}
