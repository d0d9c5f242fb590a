package io.apikeys.keycloak.it.edge;

import io.apikeys.keycloak.it.harness.GatewayProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Apache with mod_auth_openidc and the guide's introspection recipe, run as a test's own process
 * (ServerRoot, pid, runtime files and logs under {@code target/gateways/apache}). mod_auth_openidc 2.4 accepts only
 * an {@code https} introspection endpoint, so the same Apache also terminates TLS in front of the test Keycloak on a
 * second port, with a certificate made for this run that the recipe's {@code OIDCCABundlePath} trusts.
 */
final class ApacheHttpd {

    private static final String BINARY = "/usr/sbin/apache2";
    private static final String MODULES = "/usr/lib/apache2/modules/";

    private ApacheHttpd() {
    }

    /** Apache on a free port of 127.0.0.1, with {@code /api/} of the guide in front of {@code backendPort}. */
    static GatewayProcess start(String keycloakUrl, String realm, int backendPort) {
        String apache = GatewayProcess.installed(BINARY, "apache2");
        GatewayProcess.installed(MODULES + "mod_auth_openidc.so", "libapache2-mod-auth-openidc");
        Path dir = GatewayProcess.directory("apache");
        int port = GatewayProcess.freePort();
        int keycloakTls = GatewayProcess.freePort();
        certificate(dir);
        GuideRecipe.named("apache")
                .with("https://keycloak.example.com/realms/demo/", "https://127.0.0.1:" + keycloakTls + "/realms/" + realm + "/")
                .with("/etc/apache2/keycloak-ca.pem", dir.resolve("tls.crt").toString())
                .with("http://orders:8080/", "http://127.0.0.1:" + backendPort + "/")
                .writeTo(dir.resolve("recipe.conf"));
        write(dir.resolve("httpd.conf"), """
                ServerRoot %1$s
                ServerName 127.0.0.1
                Listen 127.0.0.1:%2$d
                Listen 127.0.0.1:%3$d
                PidFile %1$s/httpd.pid
                DefaultRuntimeDir %1$s
                ErrorLog %1$s/error.log
                LogLevel warn
                User nobody
                Group nogroup
                %5$s
                Include %1$s/recipe.conf

                # Test only: TLS in front of the test Keycloak, for mod_auth_openidc's https-only introspection.
                <VirtualHost 127.0.0.1:%3$d>
                    SSLEngine on
                    SSLCertificateFile %1$s/tls.crt
                    SSLCertificateKeyFile %1$s/tls.key
                    # Keycloak sees its own URL, so the issuer of the tokens it minted matches at introspection.
                    ProxyAddHeaders Off
                    ProxyPass / %4$s/
                </VirtualHost>
                """.formatted(dir, port, keycloakTls, keycloakUrl, modules()));
        return GatewayProcess.start(List.of(apache, "-d", dir.toString(), "-f", dir.resolve("httpd.conf").toString(),
                "-DFOREGROUND"), dir, port);
    }

    private static String modules() {
        StringBuilder lines = new StringBuilder();
        for (String module : List.of("mpm_event", "authn_core", "authz_core", "authz_user", "headers", "proxy",
                "proxy_http", "ssl", "auth_openidc")) {
            lines.append("LoadModule ").append(module).append("_module ").append(MODULES).append("mod_")
                    .append(module).append(".so\n");
        }
        return lines.toString();
    }

    /** A self-signed certificate for 127.0.0.1, valid for a day (Debian's openssl). */
    private static void certificate(Path dir) {
        String openssl = GatewayProcess.installed("/usr/bin/openssl", "openssl");
        try {
            Process process = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", "tls.key", "-out", "tls.crt", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1").directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.out").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.out")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
