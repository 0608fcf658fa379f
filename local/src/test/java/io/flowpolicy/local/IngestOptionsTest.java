package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad {@code ingest} options fail before anything is contacted, naming the option and the fix. */
class IngestOptionsTest {
    // Nothing listens here: a test that got past validation would fail on connecting, not pass.
    private static final String[] BASE = {"ingest", "--bootstrap-servers", "127.0.0.1:1", "--loki-url",
        "http://127.0.0.1:1"};

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void shouldRejectFromThatIsNotRfc3339() {
        assertEquals(2, run("--from", "yesterday"));
        assertTrue(err.toString().contains(
            "--from 'yesterday' is not RFC 3339 or a duration; write e.g. 2026-05-18T00:00:00Z or 7d"), err.toString());
    }

    /** What a deployment passes: where a new source starts, relative to now; a checkpoint always wins over it. */
    @Test
    void shouldTakeFromAsADurationBeforeNow() {
        CommandLine cl = FlowpolicyCommand.commandLine();
        IngestCommand ingest = (IngestCommand) cl.parseArgs(concat(BASE, "--from", "7d")).subcommand().commandSpec()
            .userObject();
        java.time.Instant before = java.time.Instant.now().minus(Duration.ofDays(7));

        LokiOptions.Source source = ingest.loki.resolve(java.util.Map.of());

        java.time.Instant after = java.time.Instant.now().minus(Duration.ofDays(7));
        assertTrue(source.fromRelative());
        assertFalse(source.from().isBefore(before) || source.from().isAfter(after), source.from().toString());
        IngestCommand absolute = (IngestCommand) FlowpolicyCommand.commandLine()
            .parseArgs(concat(BASE, "--from", "2026-05-18T00:00:00Z")).subcommand().commandSpec().userObject();
        assertFalse(absolute.loki.resolve(java.util.Map.of()).fromRelative());
    }

    @Test
    void shouldRejectPageSizeAboveMaxPageSize() {
        assertEquals(2, run("--from", "2026-05-18T00:00:00Z", "--page-size", "6000"));
        assertTrue(err.toString().contains("--page-size 6000 > --max-page-size 5000"), err.toString());
    }

    @Test
    void shouldRejectBothFileAndLokiUrl() throws Exception {
        Path file = Files.writeString(dir.resolve("flows.jsonl"), "");
        assertEquals(2, run("--file", file.toString()));
        assertTrue(err.toString().contains("--file and --loki-url are mutually exclusive"), err.toString());
    }

    @Test
    void shouldRejectANegativeDnsLead() {
        assertEquals(2, run("--from", "2026-05-18T00:00:00Z", "--dns", "--dns-lead", "-PT5S"));
        assertTrue(err.toString().contains("--dns-lead must not be negative, got PT-5S"), err.toString());
    }

    @Test
    void shouldRejectToNotAfterFrom() {
        assertEquals(2, run("--from", "2026-05-18T00:00:00Z", "--to", "2026-05-17T00:00:00Z"));
        assertTrue(err.toString().contains("must be after --from"), err.toString());
    }

    @Test
    void shouldNeverPrintThePasswordReadFromItsFile() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr3t-value\n");
        run("--from", "2026-05-18T00:00:00Z", "--to", "2026-05-17T00:00:00Z", "--basic-auth-user", "flow",
            "--basic-auth-password-file", password.toString());
        assertFalse(err.toString().contains("s3cr3t-value"), err.toString());
    }

    @Test
    void shouldRequireAPasswordForBasicAuth() {
        assertEquals(2, run("--from", "2026-05-18T00:00:00Z", "--basic-auth-user", "flow"));
        assertTrue(err.toString().contains("--basic-auth-password-file"), err.toString());
    }

    @Test
    void shouldRejectATenantIdLokiRefusesNamingTenantAndTheFix() {
        assertEquals(2, run("--from", "2026-05-18T00:00:00Z", "--tenant", ".."));
        assertTrue(err.toString().contains("--tenant '..' holds the tenant id '..', which Loki refuses: a tenant id "
            + "is 1-150 ASCII letters, digits and ! - _ . * ' ( ), not . or .."), err.toString());
    }

    @Test
    void shouldRejectATenantWithSpacesOrSlashes() {
        assertEquals(2, run("--from", "2026-05-18T00:00:00Z", "--tenant", "a b/c#"));
        assertTrue(err.toString().contains("--tenant 'a b/c#' holds ' ', which Loki refuses in a tenant id"),
            err.toString());
    }

    @Test
    void shouldDefaultTheRequestTimeoutAboveLokisOneMinuteQueryTimeout() {
        for (String command : new String[] {"ingest", "analyze"}) {
            String timeout = FlowpolicyCommand.commandLine().getSubcommands().get(command).getCommandSpec()
                .findOption("--request-timeout").defaultValue();
            assertTrue(new DurationConverter().convert(timeout).compareTo(Duration.ofMinutes(1)) > 0, timeout);
        }
    }

    private int run(String... extra) {
        String[] args = new String[BASE.length + extra.length];
        System.arraycopy(BASE, 0, args, 0, BASE.length);
        System.arraycopy(extra, 0, args, BASE.length, extra.length);
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
