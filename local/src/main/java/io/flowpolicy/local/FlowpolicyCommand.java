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
        CommandLine commandLine = commandLine();
        commandLine.setExecutionStrategy(FlowpolicyCommand::runShippingLogs);
        System.exit(commandLine.execute(args));
    }

    /** Runs the subcommand with its log events also shipped to Loki when the environment asks for it. */
    private static int runShippingLogs(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult sub = parsed.subcommand();
        String service = sub == null ? "flowpolicy" : sub.commandSpec().name();
        LokiLogShipping shipping;
        try {
            shipping = LokiLogShipping.start(System.getenv(), service);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            parsed.commandSpec().commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        try (shipping) {
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** The command line with every subcommand; tests parse deployment files against this model. */
    public static CommandLine commandLine() {
        return new CommandLine(new FlowpolicyCommand());
    }
}
