package io.apikeys.keycloak;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * An SPI of this extension's own: internal (Keycloak's {@code kc.sh build} says so, KC-SERVICES0047), because its
 * interface may change between versions and the extension ships the one provider it needs.
 */
public abstract class InternalSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    private final Class<? extends ProviderFactory> factoryClass;

    protected InternalSpi(String name, Class<? extends Provider> providerClass,
                          Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    @Override
    public final boolean isInternal() {
        return true;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
