package io.apikeys.keycloak.it.edge;

import io.apikeys.keycloak.it.harness.GatewayProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx with the guide's {@code auth_request} recipe, run as a test's own process: prefix, pid, logs and
 * temp directories under {@code target/gateways/nginx}, so it needs neither root nor the system's nginx setup.
 */
final class Nginx {

    private static final String BINARY = "/usr/sbin/nginx";

    private Nginx() {
    }

    /** nginx on a free port of 127.0.0.1, with {@code /api/} of the guide in front of {@code backendPort}. */
    static GatewayProcess start(String keycloakUrl, String realm, int backendPort) {
        String nginx = GatewayProcess.installed(BINARY, "nginx");
        Path dir = GatewayProcess.directory("nginx");
        int port = GatewayProcess.freePort();
        GuideRecipe.named("nginx")
                .with("server keycloak:8080;", "server 127.0.0.1:" + URI.create(keycloakUrl).getPort() + ";")
                .with("server orders:8080;", "server 127.0.0.1:" + backendPort + ";")
                .with("listen 443 ssl;", "listen 127.0.0.1:" + port + ";")
                .with("    ssl_certificate     /etc/nginx/tls/api.example.com.crt;\n", "")
                .with("    ssl_certificate_key /etc/nginx/tls/api.example.com.key;\n", "")
                .with("/realms/demo/", "/realms/" + realm + "/")
                .writeTo(dir.resolve("recipe.conf"));
        write(dir.resolve("nginx.conf"), """
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    include %1$s/recipe.conf;
                }
                """.formatted(dir));
        return GatewayProcess.start(List.of(nginx, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString()), dir, port);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent().resolve("tmp"));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
