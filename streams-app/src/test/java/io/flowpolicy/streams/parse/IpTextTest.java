package io.flowpolicy.streams.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.flowpolicy.model.IpAddresses;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest {

    private static String canonical(String text) {
        return IpText.canonical(text, 0, text.length());
    }

    @ParameterizedTest
    @CsvSource({
        "fd00:0010:0244:0001:0000:0000:0000:0005, fd00:10:244:1::5",
        "2606:4700:4700:0000:0000:0000:0000:1111, 2606:4700:4700::1111",
        "0000:0000:0000:0000:0000:0000:0000:0000, ::",
        "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
        "2001:0db8:0000:0001:0000:0000:0000:0001, 2001:db8:0:1::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "2001:0db8:0001:0001:0001:0001:0001:0000, 2001:db8:1:1:1:1:1:0",
        "FE80:0000:0000:0000:0A2E:5FFF:FEF1:0063, fe80::a2e:5fff:fef1:63",
        "0000:0000:0000:0000:0000:ffff:0102:0304, ::ffff:1.2.3.4",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::, ::",
        "1::, 1::",
        "::1.2.3.4, ::102:304",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "fd00:10:96::A, fd00:10:96::a",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "172.16.193.134, 172.16.193.134",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255"})
    void shouldWriteRfc5952CanonicalForm(String input, String expected) {
        assertEquals(expected, canonical(input));
    }

    @Test
    void shouldReadAddressInsideLongerText() {
        String line = "SRC=fd00:0010:0244:0001:0000:0000:0000:0005 DST";
        assertEquals("fd00:10:244:1::5", IpText.canonical(line, 4, 43));
    }

    @Test
    void shouldRejectNonLiterals() {
        for (String bad : new String[] {"", "1", "1.2.3.4 ", "256.0.0.1", "1.02.3.4", "1..2.3", "::g", "1:::2",
            "1:2:3:4:5:6:7:8:9", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "localhost"}) {
            assertNull(canonical(bad), bad);
        }
    }

    @Test
    void shouldAgreeWithFlowModelIpAddressesOnRandomAddresses() {
        Random random = new Random(5952);
        for (int i = 0; i < 20_000; i++) {
            int[] groups = new int[8];
            for (int g = 0; g < 8; g++) {
                groups[g] = random.nextInt(3) == 0 ? random.nextInt(0x10000) : random.nextInt(4) == 0 ? 1 : 0;
            }
            if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff) {
                continue; // IpAddresses turns IPv4-mapped into plain IPv4; RFC 5952 section 5 keeps ::ffff:
            }
            StringBuilder full = new StringBuilder();
            StringBuilder loose = new StringBuilder();
            for (int g = 0; g < 8; g++) {
                full.append(g == 0 ? "" : ":").append(String.format("%04x", groups[g]));
                loose.append(g == 0 ? "" : ":").append(random.nextBoolean()
                    ? Integer.toHexString(groups[g]).toUpperCase(java.util.Locale.ROOT) : Integer.toHexString(groups[g]));
            }
            String expected = IpAddresses.canonical(full.toString()).orElseThrow();
            assertEquals(expected, canonical(full.toString()), full::toString);
            assertEquals(expected, canonical(loose.toString()), loose::toString);
            assertEquals(expected, canonical(expected), expected);
        }
    }

    @Test
    void shouldAgreeWithFlowModelIpAddressesOnRandomIpv4() {
        Random random = new Random(791);
        for (int i = 0; i < 5_000; i++) {
            String text = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + random.nextInt(256);
            assertEquals(IpAddresses.canonical(text).orElseThrow(), canonical(text));
        }
    }
}
