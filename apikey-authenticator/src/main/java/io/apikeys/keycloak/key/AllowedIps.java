package io.apikeys.keycloak.key;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;

/** The source addresses a key may be used from; an empty list allows every address. */
public record AllowedIps(List<IpRange> ranges) {

    public static final AllowedIps ANY = new AllowedIps(List.of());

    public AllowedIps {
        ranges = List.copyOf(ranges);
    }

    public static AllowedIps parse(Collection<String> texts) {
        if (texts == null || texts.isEmpty()) {
            return ANY;
        }
        return new AllowedIps(texts.stream().map(IpRange::parse).distinct().toList());
    }

    public boolean isRestricted() {
        return !ranges.isEmpty();
    }

    /** Whether a remote address (an IP literal as Keycloak resolves it) may use the key. */
    public boolean permits(String remoteAddress) {
        if (!isRestricted()) {
            return true;
        }
        if (remoteAddress == null || remoteAddress.isBlank() || remoteAddress.indexOf('/') >= 0) {
            return false;
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(IpRange.parse(remoteAddress).network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    public List<String> asStrings() {
        return ranges.stream().map(IpRange::toString).toList();
    }
}
