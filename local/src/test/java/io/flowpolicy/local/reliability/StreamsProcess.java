package io.flowpolicy.local.reliability;

import io.flowpolicy.local.FlowpolicyCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code flowpolicy streams} in its own JVM, so a test can kill it the way the kernel would. */
final class StreamsProcess implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("streams-app running; .* on .*:(\\d+)");

    private final Process process;
    private final Path output;

    private StreamsProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the command with the given extra options (--http-port among them); stdout and stderr go to output. */
    static StreamsProcess start(String bootstrap, Path stateDir, String applicationId, Path output,
                                Map<String, String> environment, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
            "-cp", System.getProperty("java.class.path"), FlowpolicyCommand.class.getName(), "streams",
            "--bootstrap-servers", bootstrap, "--state-dir", stateDir.toString(), "--application-id", applicationId,
            "--http-bind", "127.0.0.1", "--advertised-host", "127.0.0.1",
            "--stream-threads", "1"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().put("FLOWPOLICY_LOG_LEVEL", "INFO");
        builder.environment().putAll(environment);
        return new StreamsProcess(builder.start(), output);
    }

    /**
     * Waits for the line the command prints once the service is up and returns its HTTP port.
     *
     * @throws IllegalStateException when the process exits first or the deadline passes
     */
    int awaitHttpPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = RUNNING.matcher(output());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("streams exited with " + process.exitValue() + ":\n" + output());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("streams did not come up within " + timeout + ":\n" + output());
    }

    /** Waits for the process to end by itself; @return its exit code */
    int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("streams still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no commit, no checkpoint file. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * SIGTERM: the command's shutdown hook closes the app cleanly.
     *
     * @return 0 when the JVM ended as a SIGTERM'd JVM does after its hooks (status 143), else the exit code
     */
    int terminate(Duration timeout) throws InterruptedException, IOException {
        process.destroy();
        int code = awaitExit(timeout);
        return code == 128 + 15 ? 0 : code;
    }

    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
