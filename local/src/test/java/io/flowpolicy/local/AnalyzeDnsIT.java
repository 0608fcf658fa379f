package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.streams.dns.Dnsmasq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flowpolicy analyze --dns-file --dns-server --peer-identity fqdn}: the whole pipeline on its own embedded
 * broker, resolving against a real dnsmasq on loopback.
 */
class AnalyzeDnsIT {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_778_000_000_000_000_000L;
    private static final String POD = "10.244.1.5";
    private static final List<String> ROTATING = List.of("99.83.136.103", "99.83.136.104", "99.83.136.105");
    private static final String UNQUERIED = "198.51.100.7";

    @TempDir
    Path dir;

    @Test
    void shouldMakeTheRotatingAddressesOfAQueriedNameOneFqdnPeerAndKeepAnUnqueriedAddressExternal() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "{\"ip\":\"" + POD + "\",\"kind\":\"pod\","
            + "\"namespace\":\"shop\",\"name\":\"web-1\",\"workload\":\"Deployment/web\",\"labels\":{\"app\":\"web\"},"
            + "\"from\":\"2026-01-01T00:00:00Z\"}\n");
        // The pod asks again a day later, a line published (and resolved) before the flows of the day before; and
        // one line of the DNS file is not JSON.
        Path dns = Files.write(dir.resolve("coredns.jsonl"), List.of(query(T0, POD, "api.example.com"),
            "{not json", query(T0 + 86_400 * SECOND, POD, "api.example.com")));
        List<String> flows = new ArrayList<>();
        for (int i = 0; i < ROTATING.size(); i++) {
            flows.add(flow(T0 + (i + 1) * 20 * SECOND, POD, ROTATING.get(i), 443));
        }
        flows.add(flow(T0 + 90 * SECOND, POD, UNQUERIED, 25));
        Path flowFile = Files.write(dir.resolve("flows.jsonl"), flows);
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();

        try (Dnsmasq dnsmasq = Dnsmasq.start(dir, List.of("99.83.136.103 api.example.com",
            "99.83.136.104 api.example.com", "99.83.136.105 api.example.com", UNQUERIED + " mail.example.org"),
            List.of())) {
            CommandLine cl = FlowpolicyCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute("analyze", "--flows", flowFile.toString(), "--dns-file", dns.toString(),
                "--dns-server", "127.0.0.1:" + dnsmasq.address().getPort(), "--peer-identity", "fqdn",
                "--inventory", inventory.toString(), "--out", out.toString(), "--partitions", "2",
                "--stream-threads", "1");

            assertEquals(0, exit, err.toString());
        }

        JsonNode summary = JsonSerde.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.at("/namespaces/shop/peers").asInt(), summary.toPrettyString());
        // The flow lines' counts are the flow lines' own; the DNS file's are beside them.
        assertEquals(4, summary.at("/lines/read").asInt(), summary.toPrettyString());
        assertEquals(0, summary.at("/lines/rejected").asInt(), summary.toPrettyString());
        assertEquals(3, summary.at("/dnsLines/read").asInt(), summary.toPrettyString());
        assertEquals(1, summary.at("/dnsLines/rejected").asInt(), summary.toPrettyString());
        List<String> events = new ArrayList<>();
        summary.get("newDestinations").forEach(e -> events.add(e.get("peer").asText()));
        assertEquals(List.of("external:" + UNQUERIED, "fqdn:api.example.com"), events.stream().sorted().toList());
        String calico = Files.readString(out.resolve("policy-repo/namespaces/shop/calico.yaml"));
        assertTrue(calico.contains("flowpolicy.io/fqdns: \"api.example.com: 99.83.136.103/32, 99.83.136.104/32, "
            + "99.83.136.105/32\""), calico);
        for (String ip : ROTATING) {
            assertTrue(calico.contains("- " + ip + "/32"), calico);
        }
        assertTrue(calico.contains("- " + UNQUERIED + "/32"), calico);
    }

    @Test
    void shouldWarnWhenNoDnsLineCouldNameAnAddress() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "{\"ip\":\"" + POD + "\",\"kind\":\"pod\","
            + "\"namespace\":\"shop\",\"name\":\"web-1\",\"from\":\"2026-01-01T00:00:00Z\"}\n");
        // What kubectl logs --timestamps prints: not the CoreDNS log form the pattern reads.
        Path dns = Files.write(dir.resolve("coredns.txt"), List.of(
            "2026-05-05T16:53:20.000000000Z [INFO] 10.244.1.5:45678 - 1234 A IN api.example.com udp",
            "2026-05-05T16:53:21.000000000Z [INFO] 10.244.1.5:45679 - 1235 A IN api.example.com udp"));
        Path flowFile = Files.write(dir.resolve("flows.jsonl"), List.of(flow(T0 + SECOND, POD, ROTATING.get(0), 443)));
        StringWriter err = new StringWriter();
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));

        int exit = cl.execute("analyze", "--flows", flowFile.toString(), "--dns-file", dns.toString(),
            "--dns-server", "127.0.0.1:9", "--inventory", inventory.toString(), "--out", dir.resolve("out").toString(),
            "--partitions", "1", "--stream-threads", "1");

        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("none of the 2 DNS query lines named an address"), err.toString());
    }

    private static String query(long ts, String client, String name) {
        return "{\"ts\":\"" + ts + "\",\"labels\":{\"namespace\":\"kube-system\",\"app\":\"kube-dns\","
            + "\"host\":\"node-2\"},\"line\":\"[INFO] " + client + ":45678 - 1234 \\\"A IN " + name
            + ". udp 45 false 512\\\" NOERROR qr,rd,ra 80 0.00123s\"}";
    }

    private static String flow(long ts, String src, String dst, int port) {
        return "{\"ts\":\"" + ts + "\",\"labels\":{\"job\":\"node-journal\",\"host\":\"node-1\"},\"line\":\""
            + "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
            + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 DPT=" + port
            + " WINDOW=64240 RES=0x00 SYN URGP=0 \"}";
    }
}
