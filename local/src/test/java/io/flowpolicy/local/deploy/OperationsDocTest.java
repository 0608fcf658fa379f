package io.flowpolicy.local.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.local.FlowpolicyCommand;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/operations.md must mention every option of every subcommand, as the picocli model defines them. */
class OperationsDocTest {
    private static final Set<String> NOT_A_SERVICE = Set.of("help");
    /** Commands the deployment runs; the documentation must cover them whether or not this branch has them yet. */
    private static final List<String> DEPLOYED = List.of("generate", "ingest", "inventory", "streams", "sink");

    @Test
    void shouldDocumentEveryOptionOfEveryCommand() throws Exception {
        String doc = Files.readString(RepositoryFiles.root().resolve("docs/operations.md"));
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Map.Entry<String, CommandLine> sub : FlowpolicyCommand.commandLine().getSubcommands().entrySet()) {
            if (NOT_A_SERVICE.contains(sub.getKey())) {
                continue;
            }
            assertTrue(doc.contains("`" + sub.getKey() + "`"), "command " + sub.getKey() + " is not documented");
            for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                if (!Pattern.compile(Pattern.quote(option.longestName()) + "(?![\\w-])").matcher(doc).find()) {
                    missing.computeIfAbsent(sub.getKey(), k -> new TreeSet<>()).add(option.longestName());
                }
            }
        }
        assertEquals(Map.of(), missing, "options missing from docs/operations.md");
    }

    @Test
    void shouldHaveEveryDeployedCommand() {
        Set<String> commands = FlowpolicyCommand.commandLine().getSubcommands().keySet();
        assertEquals(Set.of(), new TreeSet<>(DEPLOYED.stream().filter(c -> !commands.contains(c)).toList()),
            "commands the deployment runs but the command line lacks (merge the branches that add them)");
    }
}
