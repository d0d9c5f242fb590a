package io.apikeys.keycloak.it.harness;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.MountableFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Optional backend ({@code -Dit.backend=testcontainers}): the same tests against the official Keycloak image.
 * Without a Docker engine every test is skipped with a message, never failed.
 */
final class ContainerBackend implements KeycloakBackend {

    private final KeycloakContainer container;

    private ContainerBackend(KeycloakContainer container) {
        this.container = container;
    }

    static ContainerBackend start(TestSettings settings) {
        Assumptions.assumeTrue(dockerAvailable(),
                "it.backend=testcontainers needs a Docker engine and none is reachable: tests skipped");
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + settings.keycloakVersion())
                .withProviderLibsFrom(files(settings.providers(), ".jar"))
                .withCustomCommand("--import-realm")
                .withEnabledMetrics();
        TEST_OPTIONS.forEach(container::withCustomCommand);
        for (File realm : files(settings.realmExports(), ".json")) {
            container.withCopyFileToContainer(MountableFile.forHostPath(realm.toPath()),
                    "/opt/keycloak/data/import/" + realm.getName());
        }
        container.start();
        return new ContainerBackend(container);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<File> files(Path dir, String suffix) {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(p -> p.toString().endsWith(suffix)).map(Path::toFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String baseUrl() {
        return container.getAuthServerUrl();
    }

    @Override
    public void restart() {
        Assumptions.abort("Restarting on the same database is only supported by the distribution backend");
    }

    @Override
    public Path log() {
        return null;
    }

    @Override
    public void close() {
        container.stop();
    }
}
