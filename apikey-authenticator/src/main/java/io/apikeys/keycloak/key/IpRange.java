package io.apikeys.keycloak.key;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block, or a single address. Parsing accepts only IP literals, so it never triggers a DNS
 * lookup; the canonical form (network address and prefix length) is what gets stored and shown.
 */
public record IpRange(byte[] network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    public static IpRange parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            throw new IllegalArgumentException("invalid IP address or CIDR: " + shorten(text));
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address, text);
        int maxBits = bytes.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("0|[1-9]\\d{0,2}")) {
                throw new IllegalArgumentException("invalid CIDR prefix length: " + shorten(text));
            }
            bits = Integer.parseInt(length);
            if (bits > maxBits) {
                throw new IllegalArgumentException("invalid CIDR prefix length: " + shorten(text));
            }
        }
        return new IpRange(mask(bytes, bits), bits);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(candidate, prefixLength), network);
    }

    /** Canonical text: {@code 10.0.0.0/8}, {@code 2001:db8:0:0:0:0:0:0/32}, or the bare address for a host. */
    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(network).getHostAddress();
            return prefixLength == network.length * 8 ? host : host + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange that && prefixLength == that.prefixLength
                && java.util.Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    private static byte[] literal(String address, String original) {
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && address.contains(":") && IPV6.matcher(address).matches();
        if (!v4 && !v6) {
            throw new IllegalArgumentException("invalid IP address or CIDR: " + shorten(original));
        }
        if (v4) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("invalid IP address or CIDR: " + shorten(original));
                }
            }
        }
        try {
            // Safe: the text is an IP literal (checked above), so no name resolution happens.
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address or CIDR: " + shorten(original));
        }
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - keep)));
        }
        return masked;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
