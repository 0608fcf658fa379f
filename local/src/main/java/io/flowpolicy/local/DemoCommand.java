package io.flowpolicy.local;

import io.flowpolicy.local.generate.SyntheticDataSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowpolicy demo}: {@code analyze} over a small data set from {@code flowpolicy generate}, with a fixed
 * seed and range so every run prints the same table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a small sample (8 days, fixed seed) and run analyze over it.")
final class DemoCommand implements Callable<Integer> {
    /** Eight days, so most namespaces pass the seven-day learning horizon and two late ones do not. */
    static final SyntheticDataSet DEMO_DATA = new SyntheticDataSet(20261120L, Instant.parse("2026-11-20T00:00:00Z"),
        8, 12);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "flowpolicy-demo", paramLabel = "DIR",
        description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() throws Exception {
        SyntheticDataSet.Written data = DEMO_DATA.writeTo(out.resolve("demo-input"));
        spec.commandLine().getOut().printf("demo data: %d flow lines in %s, %d inventory records in %s%n",
            data.flowLines(), data.flows(), data.inventoryRecords(), data.inventory());
        int threads = LocalPipeline.DEFAULT_STREAM_THREADS;
        return AnalyzeCommand.Analysis.runAndReport(new LocalPipeline.Request(data.flows(), data.inventory(), out,
            out.resolve("policy-repo"), "main", threads, threads), AnalyzeCommand.Analysis.serving(serve, spec),
            spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
