package io.flowpolicy.streams.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsClientTest {
    @TempDir
    static Path work;
    private static Dnsmasq dnsmasq;
    private static DnsClient client;
    private static final int BIG = 60;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        List<String> hosts = new java.util.ArrayList<>(List.of("99.83.136.103 api.example.com",
            "99.83.136.104 api.example.com", "2001:db8::10 api.example.com"));
        for (int i = 1; i <= BIG; i++) {
            hosts.add("198.18.0." + i + " big.example.com");
        }
        dnsmasq = Dnsmasq.start(work, hosts,
            List.of("--address=/cdn.example.net/5.6.7.8", "--host-record=db.example.org,203.0.113.9"));
        client = new DnsClient(dnsmasq.address(), Duration.ofSeconds(1), 2);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        dnsmasq.close();
    }

    @Test
    void shouldResolveEveryAddressRecordOfAName() {
        NameResolver.Resolved resolved = client.addresses("API.example.com.");

        assertEquals(Set.of("99.83.136.103", "99.83.136.104", "2001:db8::10"), new TreeSet<>(resolved.values()));
        assertEquals(Duration.ofSeconds(60), resolved.ttl());
    }

    @Test
    void shouldAskAgainOverTcpWhenTheUdpAnswerIsTruncated() {
        // Sixty A records do not fit the 512 bytes of a UDP answer without EDNS: the server sets TC and sends a part.
        assertEquals(BIG, client.addresses("big.example.com").values().size());
    }

    @Test
    void shouldResolveNamesServedByAddressOption() {
        assertEquals(List.of("5.6.7.8"), client.addresses("img.cdn.example.net").values());
    }

    @Test
    void shouldFindThePtrNameOfAnAddress() {
        assertEquals(List.of("db.example.org"), client.reverse("203.0.113.9").values());
    }

    @Test
    void shouldAnswerNothingForAnUnknownName() {
        assertTrue(client.addresses("nowhere.invalid").values().isEmpty());
    }

    @Test
    void shouldFailWithTheServerNamedWhenNobodyAnswers() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsClient deaf = new DnsClient(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                silent.getLocalPort()), Duration.ofMillis(100), 1);

            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> deaf.addresses("api.example.com"));
            assertTrue(e.getMessage().contains(String.valueOf(silent.getLocalPort())), e.getMessage());
        }
    }

    @Test
    void shouldParseServerWithAndWithoutPort() {
        assertEquals(new InetSocketAddress("127.0.0.1", 5353), DnsClient.parseServer("127.0.0.1:5353"));
        assertEquals(53, DnsClient.parseServer("127.0.0.1").getPort());
        assertEquals(5300, DnsClient.parseServer("[::1]:5300").getPort());
    }
}
