package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AnalyzeOptionsTest {
    @Test
    void shouldCreateOnePartitionPerStreamThreadByDefault() {
        assertEquals(LocalPipeline.DEFAULT_STREAM_THREADS, parse().topicPartitions());
        assertEquals(3, parse("--stream-threads", "3").topicPartitions());
    }

    @Test
    void shouldCreateAsManyPartitionsAsGiven() {
        assertEquals(5, parse("--partitions", "5").topicPartitions());
        assertEquals(1, parse("--partitions", "1", "--stream-threads", "4").topicPartitions());
    }

    @Test
    void shouldSayTheDefaultInTheHelp() {
        String help = new CommandLine(new AnalyzeCommand()).getUsageMessage();
        assertTrue(help.contains("Default: one per stream thread."), help);
    }

    private static AnalyzeCommand parse(String... options) {
        AnalyzeCommand command = new AnalyzeCommand();
        String[] args = new String[options.length + 2];
        args[0] = "--inventory";
        args[1] = "inventory.jsonl";
        System.arraycopy(options, 0, args, 2, options.length);
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
