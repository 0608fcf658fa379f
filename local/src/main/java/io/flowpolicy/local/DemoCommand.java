package io.flowpolicy.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowpolicy demo}: {@code analyze} over the bundled sample data set. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run analyze over the bundled sample flows and inventory.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "flowpolicy-demo", paramLabel = "DIR",
        description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() throws Exception {
        Path input = out.resolve("demo-input");
        Path flows = extract("demo/flows.jsonl", input);
        Path inventory = extract("demo/inventory.jsonl", input);
        spec.commandLine().getOut().printf("demo data: %s, %s%n", flows, inventory);
        return AnalyzeCommand.Analysis.runAndReport(new LocalPipeline.Request(flows, inventory, out,
            out.resolve("policy-repo"), "main", 4, 2), AnalyzeCommand.Analysis.serving(serve, spec),
            spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private static Path extract(String resource, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled demo data missing from the jar: " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
