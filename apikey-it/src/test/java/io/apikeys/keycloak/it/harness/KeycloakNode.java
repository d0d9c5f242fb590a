package io.apikeys.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Keycloak server process started from a {@link ServerHome} with {@code kc.sh start --optimized}. Readiness
 * is the management port's {@code /health/ready}; stopping kills the whole process tree, also from a JVM
 * shutdown hook, so an interrupted test run leaves no server behind.
 */
public final class KeycloakNode {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final ServerHome home;
    private final List<String> startOptions;
    private final Map<String, String> environment;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private Process process;
    private final Thread shutdownHook = new Thread(this::stop, "keycloak-test-server-stop");

    KeycloakNode(ServerHome home, List<String> startOptions, Map<String, String> environment, Path log) {
        this.home = home;
        this.startOptions = List.copyOf(startOptions);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.httpPort = Ports.free();
        this.managementPort = Ports.free();
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public Path log() {
        return log;
    }

    /** The management interface: {@code /health}, and {@code /metrics} where the server was built with metrics. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public Path home() {
        return home.path();
    }

    public synchronized void start() {
        List<String> args = new ArrayList<>(List.of("start", "--optimized",
                "--http-enabled=true", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--hostname-strict=false", "--import-realm"));
        args.addAll(startOptions);
        ProcessBuilder builder = home.kc(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady();
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already running the hooks, this one included.
        }
    }

    /** Ends the server like a crash would: SIGKILL, no shutdown hooks inside Keycloak. */
    public synchronized void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during startup:\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("Interrupted while waiting for Keycloak");
            }
            sleep();
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + ":\n" + tail());
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of the server log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
