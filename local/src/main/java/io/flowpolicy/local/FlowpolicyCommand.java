package io.flowpolicy.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flowpolicy} command line. */
@Command(name = "flowpolicy", mixinStandardHelpOptions = true, version = "flowpolicy 0.1.0",
    description = "Turns Calico egress flow logs into reviewed, version-controlled egress allowlists.",
    subcommands = {AnalyzeCommand.class, DemoCommand.class, InventoryCommand.class, CommandLine.HelpCommand.class})
public final class FlowpolicyCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new FlowpolicyCommand());
    }
}
