package io.apikeys.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway (nginx, Apache) started by a test as a child process: its own directory under {@code target/} for
 * config, pid and logs, listening on a free port of 127.0.0.1, in the foreground so closing it stops it. A missing
 * binary fails the test with the Debian package to install; gateway tests never skip.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final int port;

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A free port of this machine for a gateway or backend to listen on. */
    public static int freePort() {
        return Ports.free();
    }

    /** A fresh directory for one gateway's config and logs: {@code apikey-it/target/gateways/<name>}. */
    public static Path directory(String name) {
        Path dir = Path.of(System.getProperty("project.root"), "apikey-it", "target", "gateways", name);
        try {
            if (Files.exists(dir)) {
                try (var old = Files.walk(dir)) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of an installed package (binary, module), or an {@link AssertionError} naming the Debian package. */
    public static String installed(String path, String debianPackage) {
        if (!Files.isRegularFile(Path.of(path))) {
            throw new AssertionError(path + " is missing: install Debian's " + debianPackage
                    + " (apt-get install " + debianPackage + "; .ci/run does)");
        }
        return path;
    }

    /** Starts {@code command} in {@code dir} (output to {@code gateway.log}) and waits until it accepts on {@code port}. */
    public static GatewayProcess start(List<String> command, Path dir, int port) {
        Path log = dir.resolve("gateway.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GatewayProcess gateway = new GatewayProcess(process, log, port);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!gateway.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                gateway.close();
                throw new IllegalStateException(String.join(" ", command) + " did not start:\n" + gateway.logs(dir));
            }
            sleep();
        }
        return gateway;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything the gateway wrote to its directory's {@code *.log} files, for assertion messages. */
    public String logs() {
        return logs(log.getParent());
    }

    private static String logs(Path dir) {
        try (var files = Files.list(dir)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                text.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
            return text.toString();
        } catch (IOException e) {
            return "(logs unreadable: " + e + ")";
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // SIGTERM to the master process: nginx and Apache then stop their workers themselves.
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
