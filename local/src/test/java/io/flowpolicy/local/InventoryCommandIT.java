package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowpolicy inventory --file} against a real broker: what lands on the inventory topic, and when. */
class InventoryCommandIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant FROM = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-01T11:30:00Z");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPublishStartRecordsAtFromAndEndRecordsAtToAndWarnAboutRejectedLines() throws Exception {
        Path file = dir.resolve("inventory.jsonl");
        Files.write(file, List.of(
            "{\"ip\":\"10.244.1.5\",\"kind\":\"pod\",\"namespace\":\"payments\",\"name\":\"api-1\","
                + "\"workload\":\"Deployment/api\",\"labels\":{\"app\":\"api\"},\"node\":\"worker-1\","
                + "\"services\":[\"payments/api\"],\"from\":\"2026-03-01T10:00:00Z\",\"to\":\"2026-03-01T11:30:00Z\"}",
            "",
            "{\"ip\":\"10.96.0.10\",\"kind\":\"service\",\"namespace\":\"payments\",\"name\":\"api\","
                + "\"from\":\"2026-03-01T10:00:00Z\"}",
            "{\"ip\":\"10.244.1.6\",\"kind\":\"endpoint\",\"namespace\":\"payments\",\"name\":\"x\","
                + "\"from\":\"2026-03-01T10:00:00Z\"}"));

        int exit = execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file", file.toString());

        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("warning: inventory.jsonl:4: unknown kind 'endpoint'"), err.toString());
        InventoryRecord pod = new InventoryRecord("10.244.1.5", "pod", "payments", "api-1", "Deployment/api",
            Map.of("app", "api"), "worker-1", List.of("payments/api"), FROM, TO);
        InventoryRecord service = new InventoryRecord("10.96.0.10", "service", "payments", "api", null, Map.of(), null,
            List.of(), FROM, null);
        // The broker is shared by this class's tests: only this file's IPs.
        List<ConsumerRecord<String, InventoryRecord>> records =
            TopicReader.readAll(KAFKA.bootstrapServers(), Topics.INVENTORY, TIMEOUT).stream()
                .filter(r -> r.key().startsWith("10.244.1.") || r.key().startsWith("10.96.0.10|")).toList();
        assertEquals(Set.of(
                new Published(pod.topicKey(), withTo(pod, null), FROM.toEpochMilli()),
                new Published(pod.topicKey(), pod, TO.toEpochMilli()),
                new Published(service.topicKey(), service, FROM.toEpochMilli())),
            records.stream().map(Published::of).collect(Collectors.toSet()));
        assertEquals(3, records.size(), records.toString());
        assertEquals("10.244.1.5|pod|payments|api-1|2026-03-01T10:00:00Z", pod.topicKey());
    }

    /** Kafka 4 refuses record times more than an hour ahead unless the topic allows them, as flowpolicy's do. */
    @Test
    void shouldPublishAnIntervalThatEndsLaterThanAnHourFromNow() throws Exception {
        Instant end = Instant.now().plus(Duration.ofDays(4)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Path file = dir.resolve("inventory.jsonl");
        Files.write(file, List.of("{\"ip\":\"10.244.7.1\",\"kind\":\"pod\",\"namespace\":\"swap\",\"name\":\"old-1\","
            + "\"from\":\"2026-03-01T10:00:00Z\",\"to\":\"" + end + "\"}"));

        int exit = execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file", file.toString());

        assertEquals(0, exit, err.toString());
        List<Long> times = TopicReader.readAll(KAFKA.bootstrapServers(), Topics.INVENTORY, TIMEOUT).stream()
            .filter(r -> r.key().startsWith("10.244.7.1|")).map(ConsumerRecord::timestamp).toList();
        assertEquals(List.of(FROM.toEpochMilli(), end.toEpochMilli()), times);
    }

    @Test
    void shouldFailNamingHowManyRecordsWereNotWrittenInsteadOfReportingThemPublished() throws Exception {
        Path file = dir.resolve("inventory.jsonl");
        String huge = "x".repeat(2 * 1024 * 1024);
        Files.write(file, List.of(
            "{\"ip\":\"10.244.8.1\",\"kind\":\"pod\",\"namespace\":\"big\",\"name\":\"a-1\","
                + "\"from\":\"2026-03-01T10:00:00Z\"}",
            "{\"ip\":\"10.244.8.2\",\"kind\":\"pod\",\"namespace\":\"big\",\"name\":\"b-1\","
                + "\"labels\":{\"note\":\"" + huge + "\"},\"from\":\"2026-03-01T10:00:00Z\"}"));

        int exit = execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file", file.toString());

        assertEquals(1, exit, out.toString());
        assertTrue(err.toString().contains("error: 1 of 2 inventory records were not written to flowpolicy.inventory "
            + "(first failure: RecordTooLargeException"), err.toString());
        assertTrue(!out.toString().contains("published"), out.toString());
    }

    @Test
    void shouldRejectFileAndKubernetesTogetherNamingBothOptions() throws Exception {
        Path file = Files.writeString(dir.resolve("inventory.jsonl"), "");

        int exit = execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file", file.toString(),
            "--kubernetes");

        assertEquals(CommandLine.ExitCode.USAGE, exit);
        assertTrue(err.toString().contains("--file and --kubernetes are mutually exclusive"), err.toString());
    }

    @Test
    void shouldRejectAMissingSourceNamingTheChoices() {
        int exit = execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers());

        assertEquals(CommandLine.ExitCode.USAGE, exit);
        assertTrue(err.toString().contains("pass --file FILE to publish a file, or --kubernetes"), err.toString());
    }

    @Test
    void shouldAskForBootstrapServersWhenNeitherOptionNorEnvironmentGivesThem() throws Exception {
        assumeTrue(System.getenv(InventoryCommand.BOOTSTRAP_ENV) == null, "environment sets the default");
        Path file = Files.writeString(dir.resolve("inventory.jsonl"), "");

        int exit = execute("inventory", "--file", file.toString());

        assertEquals(CommandLine.ExitCode.USAGE, exit);
        assertTrue(err.toString().contains("Missing --bootstrap-servers: pass --bootstrap-servers HOST:PORT or set "
            + "FLOWPOLICY_BOOTSTRAP_SERVERS"), err.toString());
    }

    @Test
    void shouldRejectAnUnreadableFileWithoutTouchingTheBroker() {
        int exit = execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file",
            dir.resolve("missing.jsonl").toString());

        assertEquals(CommandLine.ExitCode.USAGE, exit);
        assertTrue(err.toString().contains("--file: no readable file at"), err.toString());
    }

    private int execute(String... args) {
        CommandLine commandLine = FlowpolicyCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        // Other builds on the machine may run this too: no endpoint on the fixed default port.
        String[] withoutMetrics = java.util.Arrays.copyOf(args, args.length + 2);
        withoutMetrics[args.length] = "--metrics-port";
        withoutMetrics[args.length + 1] = "0";
        return commandLine.execute(withoutMetrics);
    }

    private static InventoryRecord withTo(InventoryRecord r, Instant to) {
        return new InventoryRecord(r.ip(), r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            r.services(), r.from(), to);
    }

    /** What a consumer sees of one record: key, value and record time. */
    private record Published(String key, InventoryRecord value, long timestamp) {
        static Published of(ConsumerRecord<String, InventoryRecord> r) {
            return new Published(r.key(), r.value(), r.timestamp());
        }
    }
}
