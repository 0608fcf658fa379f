package io.flowpolicy.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void shouldContainIpv4AddressesInsideThePrefixOnly() {
        Cidr cloudflare = Cidr.parse("104.16.0.0/13");
        assertTrue(cloudflare.contains(Cidr.host("104.16.0.0")));
        assertTrue(cloudflare.contains(Cidr.host("104.23.255.255")));
        assertFalse(cloudflare.contains(Cidr.host("104.24.0.0")));
        assertFalse(cloudflare.contains(Cidr.host("104.15.255.255")));
    }

    @Test
    void shouldContainIpv6AddressesOnNonOctetBoundaries() {
        Cidr set = Cidr.parse("2a06:98c0::/29");
        assertTrue(set.contains(Cidr.host("2a06:98c7:ffff::1")));
        assertFalse(set.contains(Cidr.host("2a06:98c8::1")));
    }

    @Test
    void shouldNeverMatchAcrossAddressFamilies() {
        assertFalse(Cidr.parse("0.0.0.0/0").contains(Cidr.host("::1")));
        assertFalse(Cidr.parse("::/0").contains(Cidr.host("10.0.0.1")));
        assertTrue(Cidr.parse("::/0").contains(Cidr.host("::1")));
    }

    @Test
    void shouldCanonicaliseTextAndClearHostBits() {
        assertEquals("10.1.2.0/24", Cidr.parse("10.1.2.77/24").toString());
        assertEquals("2001:db8::7/128", Cidr.host("2001:0db8:0000:0000:0000:0000:0000:0007").toString());
        assertEquals("54.187.174.0/24", Cidr.host("54.187.174.169").widen(24).toString());
    }

    @Test
    void shouldRejectHostnamesAndBadPrefixLengthsWithoutLookingThemUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.host("example.com"));
        assertTrue(e.getMessage().contains("example.com"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::/129"));
    }
}
