package io.apikeys.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of the Keycloak distribution with the project's JARs in {@code providers/} and the realm
 * exports in {@code data/import/}, built once with {@code kc.sh build}: exactly what an admin installs.
 */
final class ServerHome {

    private final Path home;

    private ServerHome(Path home) {
        this.home = home;
    }

    static ServerHome prepare(Path distribution, Path providers, Path realmExports, Path target,
                              List<String> buildOptions, Path log) {
        if (!Files.isRegularFile(distribution.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + distribution + ": run the tests through Maven (mvn verify)");
        }
        deleteRecursively(target);
        copyRecursively(distribution, target);
        copyFiles(providers, target.resolve("providers"), ".jar");
        copyFiles(realmExports, target.resolve("data/import"), ".json");
        ServerHome home = new ServerHome(target);
        List<String> command = new ArrayList<>(List.of("build"));
        command.addAll(buildOptions);
        try {
            home.runToCompletion(command, log);
        } catch (IllegalStateException failed) {
            // Quarkus's parallel build steps now and then fail with a ConcurrentModificationException
            // (HibernateOrmProcessor, seen on 2 cores): a build that fails once is run once more.
            home.runToCompletion(command, log);
        }
        return home;
    }

    /** A copy of an already built home (before it has run), so that a second node needs no {@code kc.sh build}. */
    ServerHome copyTo(Path target) {
        deleteRecursively(target);
        copyRecursively(home, target);
        return new ServerHome(target);
    }

    Path path() {
        return home;
    }

    ProcessBuilder kc(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    private void runToCompletion(List<String> args, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = kc(args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("kc.sh " + String.join(" ", args) + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyFiles(Path from, Path to, String suffix) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyRecursively(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
