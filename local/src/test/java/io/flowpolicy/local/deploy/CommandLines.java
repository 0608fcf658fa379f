package io.flowpolicy.local.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import io.flowpolicy.local.FlowpolicyCommand;
import java.util.List;
import picocli.CommandLine;

/** Checks a deployment's {@code flowpolicy} arguments against the real picocli model of the command line. */
final class CommandLines {
    private CommandLines() {
    }

    /**
     * Parses the arguments as {@code java -jar flowpolicy.jar <args>} would, failing the test with picocli's own
     * message when a subcommand or option does not exist or a value does not convert.
     *
     * @return the parsed subcommand's name
     */
    static String assertParses(String where, List<String> args) {
        CommandLine commandLine = FlowpolicyCommand.commandLine();
        try {
            CommandLine.ParseResult result = commandLine.parseArgs(args.toArray(String[]::new));
            if (!result.hasSubcommand()) {
                fail(where + ": no subcommand in " + args);
            }
            return result.subcommand().commandSpec().name();
        } catch (CommandLine.ParameterException e) {
            return fail(where + ": " + args + " does not parse against the flowpolicy command line: " + e.getMessage());
        }
    }
}
