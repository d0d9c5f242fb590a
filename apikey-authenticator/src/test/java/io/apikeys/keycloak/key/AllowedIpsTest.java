package io.apikeys.keycloak.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class AllowedIpsTest {

    private static final AllowedIps OFFICE = AllowedIps.parse(List.of("10.1.2.3/8", "192.168.1.10", "2001:db8::/32"));

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10.0.0.1", "2001:db8::1", "not an address", " "})
    void anyPermitsEverything(String remote) {
        assertThat(AllowedIps.ANY.isRestricted()).isFalse();
        assertThat(AllowedIps.ANY.permits(remote)).isTrue();
    }

    @Test
    void noRangesMeansAny() {
        assertThat(AllowedIps.parse(null)).isEqualTo(AllowedIps.ANY);
        assertThat(AllowedIps.parse(List.of())).isEqualTo(AllowedIps.ANY);
        assertThat(AllowedIps.ANY.asStrings()).isEmpty();
    }

    @Test
    void parsesToDistinctCanonicalRanges() {
        AllowedIps ips = AllowedIps.parse(List.of("10.1.2.3/8", "10.0.0.0/8", "2001:DB8::1", "2001:db8:0::1"));
        assertThat(ips.isRestricted()).isTrue();
        assertThat(ips.asStrings()).containsExactly("10.0.0.0/8", "2001:db8:0:0:0:0:0:1");
    }

    @Test
    void rejectsAListWithAnInvalidEntry() {
        assertThatThrownBy(() -> AllowedIps.parse(List.of("10.0.0.0/8", "example.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsOwnCopyOfTheRanges() {
        List<IpRange> ranges = new ArrayList<>(List.of(IpRange.parse("10.0.0.0/8")));
        AllowedIps ips = new AllowedIps(ranges);
        ranges.add(IpRange.parse("0.0.0.0/0"));
        assertThat(ips.permits("11.0.0.1")).isFalse();
        assertThatThrownBy(() -> ips.ranges().add(IpRange.parse("0.0.0.0/0")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "-", value = {
            "10.0.0.1,            true",
            "10.255.255.255,      true",
            "192.168.1.10,        true",
            "2001:db8:1::42,      true",
            "0:0:0:0:0:ffff:a00:1, true",
            "11.0.0.1,            false",
            "192.168.1.11,        false",
            "2001:db9::1,         false",
            "::1,                 false",
            "-,                   false",
            "'',                  false",
            "'   ',               false",
            "not-an-address,      false",
            "example.com,         false",
            "10.0.0.256,          false"})
    void restrictedListPermitsOnlyItsRanges(String remote, boolean expected) {
        assertThat(OFFICE.permits(remote)).isEqualTo(expected);
    }

    @Test
    void checksRemoteHostNamesWithoutDns() {
        assertThat(OFFICE.permits("internal.example")).isFalse();
        assertThat(RecordingResolverProvider.lookups()).doesNotContain("internal.example");
    }

    @Test
    void aRemoteAddressIsASingleAddressNotARange() {
        AllowedIps single = AllowedIps.parse(List.of("10.0.0.0/32"));
        assertThat(single.permits("10.9.9.9")).isFalse();
        assertThat(single.permits("10.9.9.9/8")).isFalse();
    }
}
