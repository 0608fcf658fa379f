package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.dns.DnsQueryPublisher;
import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code flowpolicy ingest --dns}: CoreDNS query lines from Loki to the DNS topic, beside the flow lines. */
class IngestDnsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long END = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
    private static final long FROM = END - TestFlowLines.NANOS_PER_DAY;
    private static final Map<String, String> COREDNS = Map.of("namespace", "kube-system", "app", "kube-dns",
        "host", "node-2");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void createTopics() {
        LocalPipeline.createTopicsKeepingOldRecords(KAFKA.bootstrapServers(), 2);
    }

    @Test
    void shouldPublishQueryLinesOnceToTheDnsTopicWithTheirOwnCheckpointBesideTheFlows() throws Exception {
        try (LokiTestServer server = new LokiTestServer()) {
            server.push(COREDNS, FROM + 1_000, query("10.244.1.5", "api.example.com"));
            server.push(COREDNS, FROM + 2_000, query("10.244.1.6", "mail.example.org"));
            server.push(Map.of("job", "node-journal", "host", "node-1"), FROM + 3_000, TestFlowLines.line(1));
            String[] args = {"ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END), "--dns"};

            assertEquals(0, run(args), err.toString());
            int requests = server.queryRequests();
            assertEquals(0, run(args), err.toString());

            assertEquals(requests, server.queryRequests(), "the second run must resume at both checkpoints");
        }
        List<ConsumerRecord<String, RawLine>> queries =
            TopicReader.readAll(KAFKA.bootstrapServers(), Topics.DNS_QUERIES, Duration.ofMinutes(1));
        assertEquals(List.of("api.example.com", "mail.example.org"), queries.stream()
            .map(r -> r.value().line().split(" ")[6]).map(n -> n.substring(0, n.length() - 1)).sorted().toList());
        assertTrue(queries.stream().allMatch(r -> r.key().equals("node-2")), queries.toString());
        assertEquals(1, TopicReader.readAll(KAFKA.bootstrapServers(), Topics.RAW_LINES, Duration.ofMinutes(1)).stream()
            .mapToInt(r -> r.value().lines().size()).sum());
        Map<String, IngestCheckpoint> checkpoints =
            TopicReader.latestByKey(KAFKA.bootstrapServers(), Topics.INGEST_CHECKPOINTS, Duration.ofMinutes(1));
        assertEquals(2, checkpoints.size(), checkpoints.toString());
        assertTrue(checkpoints.values().stream().anyMatch(c -> DnsQueryPublisher.DEFAULT_QUERY.equals(c.query())
            && c.cursor() == END), checkpoints.toString());
        assertTrue(out.toString().contains("published 2 DNS query lines"), out.toString());
    }

    @Test
    void shouldRefuseDnsWithAFileSource() {
        int exit = run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file", "flows.jsonl", "--dns");

        assertEquals(2, exit);
        assertTrue(err.toString().contains("--dns reads CoreDNS query lines from Loki"), err.toString());
    }

    private static String query(String client, String name) {
        return "[INFO] " + client + ":45678 - 1234 \"A IN " + name + ". udp 45 false 512\" NOERROR qr,rd,ra 80 "
            + "0.00123s";
    }

    private int run(String... args) {
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
