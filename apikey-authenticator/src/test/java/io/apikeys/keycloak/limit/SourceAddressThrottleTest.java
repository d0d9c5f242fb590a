package io.apikeys.keycloak.limit;

import io.apikeys.keycloak.key.RateLimit;
import io.apikeys.keycloak.limit.SourceAddressThrottle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

final class SourceAddressThrottleTest {

    private static final long WINDOW_START = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;

    private final SourceAddressThrottle throttle = new SourceAddressThrottle(new RateLimit(3, 60));

    @Test
    void refusesAnAddressOnceItReachedTheLimitUntilTheWindowEnds() {
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure("192.0.2.1", WINDOW_START + i);
        }
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 10)).isFalse();
        throttle.recordFailure("192.0.2.1", WINDOW_START + 11);
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 12)).isTrue();
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 59_999)).isTrue();
        assertThat(throttle.isThrottled("192.0.2.1", WINDOW_START + 60_000)).isFalse();
    }

    @Test
    void otherAddressesAreNotAffected() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("192.0.2.1", WINDOW_START + i);
        }
        assertThat(throttle.isThrottled("192.0.2.2", WINDOW_START + 10)).isFalse();
        assertThat(throttle.isThrottled("2001:db8::1", WINDOW_START + 10)).isFalse();
    }

    @Test
    void anUnknownAddressIsNeverThrottled() {
        throttle.recordFailure(null, WINDOW_START);
        assertThat(throttle.isThrottled(null, WINDOW_START)).isFalse();
    }

    @Test
    void addressesOfOneIpv6Slash64ShareOneCounter() {
        throttle.recordFailure("2001:db8:1:2::1", WINDOW_START);
        throttle.recordFailure("2001:db8:1:2::2", WINDOW_START);
        throttle.recordFailure("2001:db8:1:2:ffff:ffff:ffff:ffff", WINDOW_START);

        assertThat(throttle.isThrottled("2001:db8:1:2::1", WINDOW_START + 1)).isTrue();
        assertThat(throttle.isThrottled("2001:DB8:1:2:abcd::9", WINDOW_START + 1)).isTrue();
        assertThat(throttle.isThrottled("2001:db8:1:3::1", WINDOW_START + 1)).isFalse();
        assertThat(throttle.size()).isEqualTo(1);
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsTheIpv4Address() {
        throttle.recordFailure("::ffff:192.0.2.7", WINDOW_START);
        throttle.recordFailure("192.0.2.7", WINDOW_START);
        throttle.recordFailure("::ffff:c000:207", WINDOW_START);

        assertThat(throttle.isThrottled("192.0.2.7", WINDOW_START + 1)).isTrue();
        assertThat(throttle.isThrottled("::ffff:192.0.2.8", WINDOW_START + 1)).isFalse();
    }

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource({
            "192.0.2.1,                 192.0.2.1",
            "0.0.0.0,                   0.0.0.0",
            "255.255.255.255,           255.255.255.255",
            "' 192.0.2.1 ',             192.0.2.1",
            "192.0.2.010,               192.0.2.10",
            "2001:db8:1:2:3:4:5:6,      2001:db8:1:2:0:0:0:0/64",
            "::1,                       0:0:0:0:0:0:0:0/64",
            "::ffff:198.51.100.200,     198.51.100.200",
            "192.0.2.0/24,              192.0.2.0/24",
            "fe80::1%eth0,              fe80::1%eth0",
            "localhost,                 localhost",
            "1.999.1.1,                 1.999.1.1",
            "1.2.3.256,                 1.2.3.256",
            "1.2.3,                     1.2.3",
            "1.2.3.4.,                  1.2.3.4.",
            "1.2.3.4.5,                 1.2.3.4.5"})
    void countsByAddressOrPrefixWithoutLookingUpNames(String address, String countedAs) {
        assertThat(SourceAddressThrottle.countedAs(address)).isEqualTo(countedAs);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyDistinctAddressesInOneWindowStayFastAndBounded() {
        long start = System.nanoTime();
        for (int i = 0; i < 300_000; i++) {
            throttle.recordFailure(ipv4(i), WINDOW_START + 1);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(throttle.size()).isEqualTo(SourceAddressThrottle.MAX_ADDRESSES);
    }

    @Test
    void expiredWindowsAreSweptOnceTheWindowHasPassed() {
        SourceAddressThrottle small = new SourceAddressThrottle(new RateLimit(3, 60), 10);
        for (int i = 0; i < 8; i++) {
            small.recordFailure(ipv4(i), WINDOW_START);
        }
        assertThat(small.size()).isEqualTo(8);

        small.recordFailure("192.0.2.1", WINDOW_START + 60_000);

        assertThat(small.size()).isEqualTo(1);
    }

    @Test
    void floodingNewAddressesBeyondTheBoundDoesNotSwitchTheThrottleOff() {
        SourceAddressThrottle small = new SourceAddressThrottle(new RateLimit(3, 60), 10);
        for (int i = 0; i < 3; i++) {
            small.recordFailure("192.0.2.1", WINDOW_START);
        }
        small.recordFailure("192.0.2.2", WINDOW_START);

        for (int i = 0; i < 1_000; i++) {
            small.recordFailure("2001:db8:" + Integer.toHexString(i) + "::1", WINDOW_START + 1);
        }

        assertThat(small.size()).isEqualTo(10);
        assertThat(small.isThrottled("192.0.2.1", WINDOW_START + 2)).as("the flood resets no counter").isTrue();
        assertThat(small.isThrottled("2001:db8:3e7::1", WINDOW_START + 2)).as("the flood is throttled as one").isTrue();
        assertThat(small.isThrottled("2001:db8:ffff::1", WINDOW_START + 2)).isTrue();
        assertThat(small.isThrottled("192.0.2.2", WINDOW_START + 2)).as("a counted address is unaffected").isFalse();
        assertThat(small.isThrottled("2001:db8:ffff::1", WINDOW_START + 60_000)).isFalse();
    }

    private static String ipv4(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }
}
