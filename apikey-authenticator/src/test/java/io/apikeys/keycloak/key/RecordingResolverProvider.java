package io.apikeys.keycloak.key;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The test JVM's name resolver (registered in META-INF/services): it records every host name that Java tries to
 * resolve and resolves none, so a test can prove that parsing never reaches DNS.
 */
public final class RecordingResolverProvider extends InetAddressResolverProvider {

    private static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

    static List<String> lookups() {
        return List.copyOf(LOOKUPS);
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                LOOKUPS.add(host);
                throw new UnknownHostException("no DNS in unit tests: " + host);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                throw new UnknownHostException("no reverse DNS in unit tests");
            }
        };
    }

    @Override
    public String name() {
        return "recording, no DNS";
    }
}
