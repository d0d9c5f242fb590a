package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.IpRange;
import io.apikeys.keycloak.key.RateLimit;
import org.jboss.logging.Logger;

import java.util.Arrays;

/**
 * Slows down key guessing: an address with too many failed key uses in a window (default 100 per 60 s, per node)
 * has its further attempts refused until the window ends, without a database lookup. Only keys this node has
 * verified before (in its memory) still work from there, so an attacker cannot lock out a key holder: not one at
 * another address, and usually not one behind the same address either. Introspection is not throttled: its caller
 * is an authenticated gateway speaking for many key holders.
 *
 * <p>An IPv4 address is counted as itself, an IPv6 address by its /64 prefix (one attacker usually holds a whole
 * /64), an IPv4-mapped IPv6 address as the IPv4 address, and text that is no IP literal as itself; parsing never
 * looks up a name. At most {@value #MAX_ADDRESSES} addresses have a counter of their own; the addresses that first
 * fail while all of those are in use are counted together as one address (see {@link FixedWindowCounters}), so flooding
 * with new addresses throttles the flood, not the addresses already counted, and never switches the throttle off.
 */
public final class SourceAddressThrottle {

    public static final int DEFAULT_MAX_FAILURES = 100;
    public static final int DEFAULT_WINDOW_SECONDS = 60;
    static final int MAX_ADDRESSES = FixedWindowCounters.MAX_ENTRIES;
    private static final int IPV6_COUNTED_PREFIX_BITS = 64;
    private static final Logger LOG = Logger.getLogger(SourceAddressThrottle.class);

    private final RateLimit policy;
    private final FixedWindowCounters failures;

    /** @param policy failures allowed per address and window */
    public SourceAddressThrottle(RateLimit policy) {
        this(policy, MAX_ADDRESSES);
    }

    SourceAddressThrottle(RateLimit policy, int maxAddresses) {
        this.policy = policy;
        this.failures = new FixedWindowCounters(maxAddresses);
    }

    public RateLimit policy() {
        return policy;
    }

    public boolean isThrottled(String address, long nowMillis) {
        return address != null && failures.used(countedAs(address), policy, nowMillis) >= policy.requests();
    }

    public void recordFailure(String address, long nowMillis) {
        if (address == null) {
            return;
        }
        String counted = countedAs(address);
        AllowanceDecision decision = failures.acquire(counted, policy, nowMillis);
        if (decision.remaining() == 0 && failures.used(counted, policy, nowMillis) == policy.requests()) {
            String from = failures.hasOwnCounter(counted) ? counted
                    : counted + " and the other addresses counted together while " + failures.size() + " are tracked";
            LOG.warnf("%d failed API key uses from %s within %d s: further attempts from there are refused for %d s",
                    policy.requests(), from, policy.windowSeconds(), decision.resetSeconds());
        }
    }

    /** Addresses with a counter of their own. */
    public int size() {
        return failures.size();
    }

    /** What failures are counted by: the IPv4 address, the IPv6 /64 prefix, or text that is no address as is. */
    static String countedAs(String address) {
        if (isCanonicalIpv4(address) || address.indexOf('/') >= 0) {
            return address;
        }
        IpRange host;
        try {
            host = IpRange.parse(address);
        } catch (IllegalArgumentException e) {
            return address;
        }
        if (host.network().length == 4) {
            return host.toString();
        }
        byte[] prefix = host.network().clone();
        Arrays.fill(prefix, IPV6_COUNTED_PREFIX_BITS / 8, prefix.length, (byte) 0);
        return new IpRange(prefix, IPV6_COUNTED_PREFIX_BITS).toString();
    }

    /** The common case without parsing: an IPv4 address as Java writes it (four octets, no leading zeros). */
    private static boolean isCanonicalIpv4(String text) {
        int dots = 0;
        int digits = 0;
        int octet = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && digits > 0 && octet <= 255 && dots < 3) {
                dots++;
                digits = 0;
                octet = 0;
            } else if (c >= '0' && c <= '9' && (digits == 0 || octet > 0) && digits < 3) {
                octet = octet * 10 + c - '0';
                digits++;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0 && octet <= 255;
    }
}
