package io.apikeys.keycloak.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens to a key reported as leaked (realm setting {@code leakedKeyAction}). */
public enum LeakedKeyAction {
    /** Revoked at once on every node ({@code revokedReason: LEAKED}); the default. */
    REVOKE,
    /** Disabled ({@code disabledReason: LEAKED}): an admin may enable it again. */
    DISABLE,
    /** Only an admin event and a metric: for realms that decide by hand. */
    REPORT;

    public static Optional<LeakedKeyAction> parse(String value) {
        return Arrays.stream(values()).filter(action -> action.name().equals(value == null ? null
                : value.toUpperCase(Locale.ROOT))).findFirst();
    }
}
