package io.apikeys.keycloak.it.docker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** No Docker engine runs here, so the docker/ files are checked against the repository instead: they cannot rot. */
final class DockerFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

    @Test
    void dockerfileUsesThePomsKeycloakVersion() throws IOException {
        Matcher version = Pattern.compile("<keycloak.version>(.+)</keycloak.version>").matcher(read("pom.xml"));
        assertThat(version.find()).isTrue();

        assertThat(read("docker/Dockerfile")).contains("ARG KEYCLOAK_VERSION=" + version.group(1))
                .contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}");
    }

    @Test
    void everythingTheDockerfileCopiesExists() throws IOException {
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(read("docker/Dockerfile"));
        int sources = 0;
        while (copy.find()) {
            assertThat(ROOT.resolve(copy.group(1))).as(copy.group(1)).exists();
            sources++;
        }
        assertThat(sources).isGreaterThanOrEqualTo(5);
    }

    /** The image builds the provider JARs with {@code -am}: every module but the tests' must be in it. */
    @Test
    void theDockerfileCopiesEveryModuleTheBuildNeeds() throws IOException {
        Matcher module = Pattern.compile("<module>(.+)</module>").matcher(read("pom.xml"));
        String dockerfile = read("docker/Dockerfile");
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertThat(modules).contains("apikey-client", "apikey-authenticator");
        modules.stream().filter(name -> !name.equals("apikey-it"))
                .forEach(name -> assertThat(dockerfile).contains("COPY " + name + " ./" + name + "\n"));
    }

    @Test
    void everyDeployableModuleIsInstalledAsAProvider() throws IOException {
        String dockerfile = read("docker/Dockerfile");
        for (String module : List.of("apikey-authenticator", "apikey-admin-rest", "apikey-theme")) {
            assertThat(ROOT.resolve(module + "/pom.xml")).exists();
            assertThat(dockerfile).contains("/src/" + module + "/target/" + module + "-*.jar /opt/keycloak/providers/");
        }
        assertThat(dockerfile).contains("kc.sh build").contains("--optimized").contains("--import-realm");
    }

    @Test
    void composeBuildsThatDockerfileAndImportsTheRealmExports() throws IOException {
        String compose = read("docker/compose.yml");

        assertThat(compose).contains("dockerfile: docker/Dockerfile").contains("../realm-exports:/opt/keycloak/data/import");
        assertThat(ROOT.resolve("realm-exports/demo-realm.json")).exists();
        assertThat(compose).contains("KC_BOOTSTRAP_ADMIN_USERNAME").contains("KC_BOOTSTRAP_ADMIN_PASSWORD");
    }

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }
}
