package io.flowpolicy.local;

import io.flowpolicy.local.generate.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flowpolicy} command line. */
@Command(name = "flowpolicy", mixinStandardHelpOptions = true, version = "flowpolicy 0.1.0",
    description = "Turns Calico egress flow logs into reviewed, version-controlled egress allowlists.",
    subcommands = {AnalyzeCommand.class, DemoCommand.class, GenerateCommand.class, IngestCommand.class,
        InventoryCommand.class, StreamsCommand.class, SinkCommand.class, CommandLine.HelpCommand.class})
public final class FlowpolicyCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand; tests parse deployment files against this model. */
    public static CommandLine commandLine() {
        return new CommandLine(new FlowpolicyCommand());
    }
}
