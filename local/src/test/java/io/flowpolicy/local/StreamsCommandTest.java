package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.dns.PeerIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamsCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldBuildSettingsFromOptions() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "abc\n");
        StreamsService.Settings settings = parse("--bootstrap-servers", "kafka:9092", "--zone", "Europe/Berlin",
            "--tier-c-external", "4", "--retention-days", "10", "--node-labels", "node,host", "--http-port", "9000",
            "--advertised-host", "pod-0.streams", "--api-token-file", token.toString()).settings();
        assertEquals("kafka:9092", settings.bootstrapServers());
        assertEquals("flowpolicy-streams", settings.applicationId());
        assertEquals(2, settings.threads());
        assertEquals(ZoneId.of("Europe/Berlin"), settings.topology().readiness().zone());
        assertEquals(4, settings.topology().readiness().tierCExternal());
        assertEquals(Duration.ofDays(10), settings.topology().retention());
        assertEquals(List.of("node", "host"), settings.topology().nodeLabels());
        assertEquals(9000, settings.httpBind().getPort());
        assertEquals("pod-0.streams", settings.advertisedHost());
        assertNotNull(settings.apiToken());
        assertTrue(!settings.toString().contains("abc"), "token masked in the logged settings");
    }

    @Test
    void shouldRunTheDnsNamingStepOnlyWithADnsServer() throws Exception {
        StreamsService.Settings off = parse("--bootstrap-servers", "kafka:9092").settings();
        StreamsService.Settings on = parse("--bootstrap-servers", "kafka:9092", "--dns-server", "10.96.0.10",
            "--peer-identity", "fqdn", "--dns-window", "2m").settings();

        assertTrue(!off.topology().dns().enabled());
        assertTrue(on.topology().dns().enabled());
        assertEquals(53, on.topology().dns().server().getPort());
        assertEquals(PeerIdentity.FQDN, on.topology().dns().identity());
        assertEquals(Duration.ofMinutes(2), on.topology().dns().window());
    }

    @Test
    void shouldNameTheOptionAndTheFixForAnUnknownZone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> parse("--bootstrap-servers", "kafka:9092", "--zone", "Mars/Olympus").settings());
        assertTrue(e.getMessage().startsWith("--zone: unknown time zone 'Mars/Olympus'"), e.getMessage());
        assertTrue(e.getMessage().contains("Europe/Berlin"), e.getMessage());
    }

    @Test
    void shouldTakeAFelixLogPrefixWithPlaceholdersAndRefuseOneFelixWouldRefuseByOptionName() throws Exception {
        assertEquals("calico-packet %k %p", parse("--bootstrap-servers", "kafka:9092", "--line-prefix",
            "calico-packet %k %p").settings().topology().linePrefix());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> parse("--bootstrap-servers", "kafka:9092", "--line-prefix", "calico.packet").settings());
        assertTrue(e.getMessage().startsWith("--line-prefix: prefix must match Felix's"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(Calico's default is calico-packet)"), e.getMessage());
    }

    @Test
    void shouldStopAnalyzeWithABadLinePrefixBeforeItStartsAnything() throws Exception {
        Path flows = Files.writeString(dir.resolve("flows.jsonl"), "");
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "");
        StringWriter err = new StringWriter();
        CommandLine cli = FlowpolicyCommand.commandLine().setErr(new PrintWriter(err));

        int code = cli.execute("analyze", "--flows", flows.toString(), "--inventory", inventory.toString(), "--out",
            dir.resolve("out").toString(), "--line-prefix", " ");

        assertEquals(2, code);
        assertTrue(err.toString().contains("--line-prefix: prefix is null or blank"), err.toString());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing started");
    }

    @Test
    void shouldRejectOutOfRangeNumbersByOptionName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> parse("--bootstrap-servers", "kafka:9092", "--horizon-days", "0").settings());
        assertEquals("--horizon-days must be at least 1, got 0", e.getMessage());
    }

    @Test
    void shouldGiveTheRocksDbStoresTheMemoryTheOptionNamesAndRefuseLessThanTheMinimum() {
        assertEquals(256L << 20, parse("--bootstrap-servers", "kafka:9092", "--rocksdb-memory-mib", "256")
            .settings().rocksDbMemoryBytes());
        assertEquals(128L << 20, parse("--bootstrap-servers", "kafka:9092").settings().rocksDbMemoryBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> parse("--bootstrap-servers", "kafka:9092", "--rocksdb-memory-mib", "8").settings());
        assertEquals("--rocksdb-memory-mib must be at least 16, got 8", e.getMessage());
    }

    @Test
    void shouldExitWithUsageErrorWhenBootstrapServersAreMissing() {
        StringWriter err = new StringWriter();
        CommandLine cli = FlowpolicyCommand.commandLine().setErr(new PrintWriter(err));
        int code = cli.execute("streams", "--bootstrap-servers", "", "--state-dir", dir.toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("--bootstrap-servers is missing: pass it or set "
            + StreamsCommand.BOOTSTRAP_ENV), err.toString());
    }

    private StreamsCommand parse(String... args) {
        StreamsCommand command = new StreamsCommand();
        new CommandLine(command).parseArgs(args);
        command.stateDir = dir.resolve("state");
        return command;
    }
}
