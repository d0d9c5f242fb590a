package io.apikeys.keycloak.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

final class IpRangeTest {

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3/8,           10.0.0.0/8,             8",
            "10.255.255.255/9,     10.128.0.0/9,           9",
            "192.168.77.200/20,    192.168.64.0/20,        20",
            "10.1.2.3,             10.1.2.3,               32",
            "10.1.2.3/32,          10.1.2.3,               32",
            "203.0.113.9/0,        0.0.0.0/0,              0",
            "' 10.0.0.1 ',         10.0.0.1,               32",
            "2001:db8:abcd::1/32,  2001:db8:0:0:0:0:0:0/32, 32",
            "2001:db8::ff/121,     2001:db8:0:0:0:0:0:80/121, 121",
            "2001:DB8::1,          2001:db8:0:0:0:0:0:1,   128",
            "::1,                  0:0:0:0:0:0:0:1,        128",
            "fe80::1:2/64,         fe80:0:0:0:0:0:0:0/64,  64",
            "::/0,                 0:0:0:0:0:0:0:0/0,      0"})
    void canonicalises(String text, String canonical, int prefixLength) {
        IpRange range = IpRange.parse(text);
        assertThat(range).hasToString(canonical);
        assertThat(range.prefixLength()).isEqualTo(prefixLength);
        assertThat(IpRange.parse(canonical)).isEqualTo(range).hasSameHashCodeAs(range);
    }

    @Test
    void equalityComparesNetworkAndLength() {
        assertThat(IpRange.parse("10.1.2.3/8")).isEqualTo(IpRange.parse("10.0.0.0/8"))
                .isNotEqualTo(IpRange.parse("10.0.0.0/9")).isNotEqualTo(IpRange.parse("11.0.0.0/8"));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.0.0.0,         true",
            "10.0.0.0/8,        10.255.255.255,   true",
            "10.0.0.0/8,        11.0.0.0,         false",
            "10.0.0.0/8,        9.255.255.255,    false",
            "192.168.1.10,      192.168.1.10,     true",
            "192.168.1.10,      192.168.1.11,     false",
            "0.0.0.0/0,         203.0.113.7,      true",
            "0.0.0.0/0,         2001:db8::1,      false",
            "2001:db8::/32,     2001:db8:ffff::1, true",
            "2001:db8::/32,     2001:db9::1,      false",
            "2001:db8::80/121,  2001:db8::ff,     true",
            "2001:db8::80/121,  2001:db8::7f,     false",
            "::1,               ::1,              true",
            "::1,               ::2,              false",
            "::/0,              ::1,              true",
            "::/0,              10.0.0.1,         false",
            "2001:db8::/32,     10.0.0.1,         false"})
    void contains(String range, String address, boolean expected) throws UnknownHostException {
        assertThat(IpRange.parse(range).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @MethodSource("invalid")
    void rejectsInvalidInput(String text) {
        assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> invalid() {
        return Stream.of("", " ", "10.0.0.256", "256.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/x",
                "10.0.0.0/8/8", "1.2.3", "1.2.3.4.5", "2001:db8::/129", "2001:db8::/", "1::2::3", "::g",
                "fe80::1%eth0", "[::1]", "example.com", "localhost", "1".repeat(100), "a".repeat(100),
                "10.0.0.1/" + "8".repeat(91));
    }

    @Test
    void theRecordingResolverIsInstalled() {
        assertThatThrownBy(() -> InetAddress.getByName("resolver-probe.invalid"))
                .isInstanceOf(UnknownHostException.class);
        assertThat(RecordingResolverProvider.lookups()).contains("resolver-probe.invalid");
    }

    @Test
    void hostNamesAreRejectedWithoutDns() {
        for (String name : new String[] {"example.com", "localhost", "dns-probe.example", "ab:cd.example"}) {
            assertThatThrownBy(() -> IpRange.parse(name)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IpRange.parse(name + "/24")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(RecordingResolverProvider.lookups())
                .noneMatch(host -> host.contains("example") || host.equals("localhost"));
    }

    @Test
    void textThatLooksHexadecimalButStartsWithADotIsRejectedWithoutDns() {
        assertThatThrownBy(() -> IpRange.parse(".::1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RecordingResolverProvider.lookups()).doesNotContain(".::1");
    }
}
