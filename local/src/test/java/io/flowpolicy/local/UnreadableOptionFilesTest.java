package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A file option that points nowhere is a bad option: exit 2 at start with the option, the file and the fix. */
class UnreadableOptionFilesTest {
    @TempDir
    Path dir;

    @Test
    void shouldFailAnalyzeAndSinkAtStartWhenTheTokenFileCannotBeRead() throws Exception {
        Path absent = dir.resolve("no-token");
        for (List<String> command : commands()) {
            String err = failure(command, "--git-repo", "https://git.example.org/ops/policies.git",
                "--git-token-file", absent.toString());

            assertTrue(err.contains("--git-token-file: cannot read " + absent), err);
            assertTrue(err.contains("point it at a readable file that holds the token"), err);
        }
    }

    @Test
    void shouldFailAnalyzeAndSinkAtStartWhenANetworkSetsFileCannotBeRead() throws Exception {
        Path absent = dir.resolve("no-sets.yaml");
        for (List<String> command : commands()) {
            String err = failure(command, "--network-sets", absent.toString());

            assertTrue(err.contains("--network-sets: cannot read " + absent), err);
            assertTrue(err.contains("point it at a readable network-sets file"), err);
        }
    }

    private List<List<String>> commands() throws Exception {
        Path flows = Files.writeString(dir.resolve("flows.jsonl"), "");
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "");
        return List.of(
            List.of("analyze", "--flows", flows.toString(), "--inventory", inventory.toString(), "--out",
                dir.resolve("out").toString()),
            // Nothing listens there: a sink that got past validation would not exit.
            List.of("sink", "--bootstrap-servers", "127.0.0.1:1", "--metrics-port", "0"));
    }

    /** Runs the command with the options; asserts exit 2 and returns what it printed on stderr. */
    private static String failure(List<String> command, String... options) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        CommandLine cli = FlowpolicyCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));

        assertEquals(2, cli.execute(args.toArray(String[]::new)), err.toString());
        return err.toString();
    }
}
