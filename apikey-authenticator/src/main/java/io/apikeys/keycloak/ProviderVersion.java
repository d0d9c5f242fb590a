package io.apikeys.keycloak;

/** The extension's version, from the JAR manifest, for Keycloak's Server Info page. */
public final class ProviderVersion {

    private ProviderVersion() {
    }

    public static String get() {
        String version = ProviderVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
