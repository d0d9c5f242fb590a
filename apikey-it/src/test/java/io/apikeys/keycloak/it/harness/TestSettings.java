package io.apikeys.keycloak.it.harness;

import java.nio.file.Path;

/** What Maven tells the integration tests (system properties set by failsafe in apikey-it/pom.xml). */
record TestSettings(Path distribution, Path providers, Path realmExports, Path workDir, TestDatabase database,
                    String backend, String keycloakVersion) {

    static TestSettings fromSystemProperties() {
        Path root = Path.of(required("project.root")).toAbsolutePath().normalize();
        return new TestSettings(
                Path.of(required("keycloak.dist")),
                Path.of(required("it.providers")),
                root.resolve("realm-exports"),
                Path.of(required("it.work")),
                TestDatabase.fromSystemProperty(),
                System.getProperty("it.backend", "distribution"),
                required("keycloak.version"));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests through Maven (mvn verify)");
        }
        return value;
    }
}
