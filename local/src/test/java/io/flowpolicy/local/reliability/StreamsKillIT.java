package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.RawLine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code flowpolicy streams} (a separate JVM) twice while it processes, then restarts on the same
 * state directory and once on a wiped one: exactly-once holds across all of it.
 */
class StreamsKillIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String APP = "kill-it";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldEmitEachRuleOnceAndTheSameProfilesAsAnUninterruptedRunDespiteKillNine() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createAndAwait(bootstrap, FlowData.topics(2), Duration.ofSeconds(30));
        FlowData.sendInventory(bootstrap);
        List<RawLine> lines = FlowData.lines(10, 40);
        List<List<RawLine>> waves = List.of(lines.subList(0, lines.size() / 3),
            lines.subList(lines.size() / 3, 2 * lines.size() / 3), lines.subList(2 * lines.size() / 3, lines.size()));
        Random random = new Random(9L);
        Path state = Files.createDirectories(dir.resolve("state"));
        int port = freePort();

        for (int kill = 0; kill < 2; kill++) {
            try (StreamsProcess app = start(state, port, "run-" + kill)) {
                app.awaitHttpPort(STARTUP);
                FlowData.send(bootstrap, waves.get(kill));
                // The kill point: a seeded random moment while the wave is being processed.
                Thread.sleep(500 + random.nextInt(2500));
                app.kill();
            }
        }
        try (StreamsProcess app = start(state, port, "run-same-dir")) {
            app.awaitHttpPort(STARTUP);
            FlowData.send(bootstrap, waves.get(2));
            Outcome.awaitProcessed(bootstrap, APP, Duration.ofSeconds(120));
            assertEquals(0, app.terminate(Duration.ofSeconds(60)), app.output());
        }
        // A wiped state directory restores every store from the changelogs; replayed lines must not count as new.
        Path wiped = Files.createDirectories(dir.resolve("wiped"));
        try (StreamsProcess app = start(wiped, port, "run-wiped")) {
            app.awaitHttpPort(STARTUP);
            FlowData.send(bootstrap, waves.get(0));
            Outcome.awaitProcessed(bootstrap, APP, Duration.ofSeconds(120));
            assertEquals(0, app.terminate(Duration.ofSeconds(60)), app.output());
        }

        assertEquals(Outcome.expectedRules(lines), Outcome.assertOneEventPerRule(bootstrap));
        Map<String, NamespaceProfile> reference = Outcome.referenceProfiles(FlowData.inventory(), lines,
            Files.createDirectories(dir.resolve("reference")));
        assertTrue(reference.size() == 3, reference::toString);
        assertEquals(reference, Outcome.profiles(bootstrap));
    }

    private StreamsProcess start(Path state, int port, String name) throws IOException {
        return StreamsProcess.start(KAFKA.bootstrapServers(), state, APP, dir.resolve(name + ".log"), Map.of(),
            "--http-port", Integer.toString(port));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
