package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.local.FlowpolicyCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A state directory that cannot be written stops {@code flowpolicy streams} at once, with one clear message. */
class StateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void shouldExitNonZeroNamingTheStateDirWhenItCannotBeWritten() throws Exception {
        // Tests run as root, where permissions do not stop writes; a path below a regular file cannot be created.
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path state = blocker.resolve("state");
        StringWriter err = new StringWriter();
        CommandLine command = FlowpolicyCommand.commandLine().setErr(new PrintWriter(err, true));

        int exit = command.execute("streams", "--bootstrap-servers", "127.0.0.1:1", "--state-dir", state.toString(),
            "--http-port", "0");

        assertEquals(2, exit, err.toString());
        String firstLine = err.toString().lines().findFirst().orElse("");
        assertTrue(firstLine.contains("--state-dir: cannot write to " + state.toAbsolutePath()), err.toString());
        assertTrue(firstLine.contains("writable volume"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }
}
