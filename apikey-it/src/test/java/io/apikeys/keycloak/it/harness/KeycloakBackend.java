package io.apikeys.keycloak.it.harness;

import java.nio.file.Path;
import java.util.List;

/** Where the test server runs: a distribution process on this machine, or a Testcontainers container. */
interface KeycloakBackend extends AutoCloseable {

    /**
     * Options of the test server only; each tunes, none enables a feature a user would have to turn on. The test
     * server trusts X-Forwarded-For so tests can call from other source addresses, as a reverse proxy would. Every
     * backend starts its server with them (in a container, the GitHub keys document on this machine is out of reach).
     */
    List<String> TEST_OPTIONS = List.of(
            "--log-level=INFO,io.apikeys:debug",
            "--proxy-headers=xforwarded",
            "--spi-api-key-node--default--last-used-flush-seconds=2",
            // The expiry notices and the unused keys are checked every 2 s instead of hourly and daily.
            "--spi-api-key-lifecycle--default--expiry-check-seconds=2",
            "--spi-api-key-lifecycle--default--unused-check-seconds=2",
            "--spi-api-key-leaks--github--public-keys-url=" + GithubKeysDocument.URL);

    String baseUrl();

    /** Stops and starts the server on the same database. */
    void restart();

    /** The server's log, or null where the backend keeps none on disk. */
    Path log();

    @Override
    void close();
}
