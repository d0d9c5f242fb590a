package io.apikeys.keycloak.leaks;

import io.apikeys.keycloak.InternalSpi;
import io.apikeys.keycloak.ProviderVersion;
import io.apikeys.keycloak.SimpleProviderFactory;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The {@code api-key-leaks} SPI, provider {@code github}: owns this node's copy of GitHub's secret-scanning public
 * keys. Option {@code --spi-api-key-leaks--github--public-keys-url} (default GitHub's own document).
 */
public final class GithubLeaksFactory implements SimpleProviderFactory<GithubLeaksFactory.Keys> {

    public static final String PROVIDER_ID = "github";
    static final String PUBLIC_KEYS_URL = "publicKeysUrl";
    static final String DEFAULT_PUBLIC_KEYS_URL = "https://api.github.com/meta/public_keys/secret_scanning";

    /** A session's handle on the node's keys. */
    public record Keys(GithubPublicKeys publicKeys) implements Provider {
        @Override
        public void close() {
        }
    }

    /** Registers the SPI. */
    public static final class Spi extends InternalSpi {
        public static final String NAME = "api-key-leaks";

        public Spi() {
            super(NAME, Keys.class, GithubLeaksFactory.class);
        }
    }

    private URI url;
    private GithubPublicKeys publicKeys;

    @Override
    public Keys create(KeycloakSession session) {
        return new Keys(publicKeys);
    }

    @Override
    public void init(Config.Scope config) {
        url = URI.create(config.get(PUBLIC_KEYS_URL, DEFAULT_PUBLIC_KEYS_URL));
        publicKeys = new GithubPublicKeys(url, Time::currentTimeMillis);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(PUBLIC_KEYS_URL).type("string")
                .helpText("Where GitHub's secret-scanning public keys are read from").defaultValue(DEFAULT_PUBLIC_KEYS_URL).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ProviderVersion.get(), "publicKeysUrl", url.toString());
    }
}
