package io.apikeys.keycloak.it.harness;

import java.nio.file.Path;

/** Where the test server runs: a distribution process on this machine, or a Testcontainers container. */
interface KeycloakBackend extends AutoCloseable {

    String baseUrl();

    /** Stops and starts the server on the same database. */
    void restart();

    /** The server's log, or null where the backend keeps none on disk. */
    Path log();

    @Override
    void close();
}
