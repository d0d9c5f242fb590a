package io.apikeys.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.timer.TimerProvider;

import java.util.concurrent.RejectedExecutionException;

/**
 * Background work on Keycloak's own threads. Periodic work on its {@link TimerProvider}: its timer is one thread for
 * all of Keycloak's periodic tasks, and an exception escaping a task would end that thread (and every other task with
 * it), so each task here logs its failure and tries again at the next interval. Work asked for now on its
 * {@link ExecutorsProvider}.
 */
public final class NodeTimer {

    private static final Logger LOG = Logger.getLogger(NodeTimer.class);

    private NodeTimer() {
    }

    /** Runs {@code task} once, soon, on Keycloak's executor {@code name}; nothing when the server is stopping. */
    public static void soon(KeycloakSessionFactory factory, String name, Runnable task) {
        try (KeycloakSession session = factory.create()) {
            session.getProvider(ExecutorsProvider.class).getExecutor(name).execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.debugf("%s not run: the server is stopping", name);
        }
    }

    /** Runs {@code task} every {@code intervalMillis} (first after one interval), under {@code name}. */
    public static void every(KeycloakSessionFactory factory, long intervalMillis, String name, Runnable task) {
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warnf("%s failed, will try again: %s", name, e.toString());
                }
            }, intervalMillis, intervalMillis, name);
        }
    }
}
