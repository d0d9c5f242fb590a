package io.apikeys.keycloak.it.harness;

import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads a realm's stored events, waiting briefly because Keycloak may store them just after the response. */
public final class Events {

    private Events() {
    }

    public static EventRepresentation await(TestRealm realm, Predicate<EventRepresentation> match) {
        return poll(() -> realm.admin().getEvents(null, null, null, null, null, null, 0, 500).stream()
                .filter(match).findFirst());
    }

    public static List<AdminEventRepresentation> admin(TestRealm realm) {
        return realm.admin().getAdminEvents(null, null, null, null, null, null, null, null, 0, 1000);
    }

    /**
     * Events stored at or after {@code epochMillis}: a class's realm serves all its tests, so a reason alone may match
     * an earlier test's event; take the time before the request and match with this.
     */
    public static Predicate<EventRepresentation> since(long epochMillis) {
        return event -> event.getTime() >= epochMillis;
    }

    public static Predicate<EventRepresentation> withDetail(String name, String value) {
        return event -> event.getDetails() != null && value.equals(event.getDetails().get(name));
    }

    private static <T> T poll(java.util.function.Supplier<Optional<T>> lookup) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            Optional<T> found = lookup.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No matching event within 10 s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
