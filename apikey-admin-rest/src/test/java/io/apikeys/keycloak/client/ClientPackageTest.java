package io.apikeys.keycloak.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed client is used outside the server: it may depend on JAX-RS and Jackson annotations, nothing else. */
class ClientPackageTest {

    private static final Path SOURCES = Path.of("src/main/java/io/apikeys/keycloak/client");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("java.", "jakarta.ws.rs.", "com.fasterxml.jackson.annotation.");

    @Test
    void importsNoServerClass() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SOURCES)) {
            files = list.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String source = Files.readString(file);
            Matcher imports = IMPORT.matcher(source);
            while (imports.find()) {
                assertThat(imports.group(1)).as(file.toString()).matches(name -> ALLOWED.stream().anyMatch(name::startsWith));
            }
            assertThat(source).as(file.toString()).doesNotContain("org.keycloak.", "io.apikeys.keycloak.store.",
                    "io.apikeys.keycloak.rest.", "io.apikeys.keycloak.key.");
        }
    }
}
