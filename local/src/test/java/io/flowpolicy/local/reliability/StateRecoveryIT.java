package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt RocksDB store stops {@code flowpolicy streams} with a message naming the state directory and the fix;
 * after the directory is removed, the next start restores the same state from the changelog topics.
 */
class StateRecoveryIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String APP = "state-it";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldStopWithTheFixOnACorruptStoreAndRestoreFromTheChangelogsOnceTheDirectoryIsRemoved() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createAndAwait(bootstrap, FlowData.topics(2), Duration.ofSeconds(30));
        FlowData.sendInventory(bootstrap);
        FlowData.send(bootstrap, FlowData.lines(4, 5));
        Path state = Files.createDirectories(dir.resolve("state"));
        int port = freePort();
        String before;
        try (StreamsProcess app = start(state, port, "first")) {
            app.awaitHttpPort(STARTUP);
            Outcome.awaitProcessed(bootstrap, APP, Duration.ofSeconds(120));
            before = awaitOk(port, "/api/namespaces/shop");
            assertEquals(0, app.terminate(Duration.ofSeconds(60)), app.output());
        }

        assertTrue(corruptRocksDbStores(state) > 0, "no RocksDB store found under " + state);
        try (StreamsProcess app = start(state, port, "corrupt")) {
            assertNotEquals(0, app.awaitExit(Duration.ofSeconds(120)), app.output());
            String message = app.output().lines().filter(l -> l.startsWith("flowpolicy streams: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no final message:\n" + output(app)));
            assertTrue(message.contains(state.toAbsolutePath().resolve(APP).toString()), message);
            assertTrue(message.contains("delete") && message.contains("changelog"), message);
        }

        deleteRecursively(state);
        try (StreamsProcess app = start(state, port, "restored")) {
            app.awaitHttpPort(STARTUP);
            assertEquals(before, awaitOk(port, "/api/namespaces/shop"));
            assertEquals(0, app.terminate(Duration.ofSeconds(60)), app.output());
        }
    }

    /** Replaces every store's CURRENT file (RocksDB's pointer to its manifest) with garbage. */
    private static int corruptRocksDbStores(Path state) throws IOException {
        List<Path> current;
        try (Stream<Path> files = Files.walk(state)) {
            current = files.filter(p -> p.getFileName().toString().equals("CURRENT")
                && p.toString().contains("rocksdb")).toList();
        }
        for (Path file : current) {
            Files.writeString(file, "not a manifest name\n");
        }
        return current.size();
    }

    /** GETs until the store answers 200 (it answers 503 while restoring), within a generous deadline. */
    private static String awaitOk(int port, String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 200) {
                    return last.body();
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no 200 from " + path + ": " + (last == null ? "no answer" : last.statusCode()
            + " " + last.body()));
    }

    private StreamsProcess start(Path state, int port, String name) throws IOException {
        return StreamsProcess.start(KAFKA.bootstrapServers(), state, APP, dir.resolve(name + ".log"), Map.of(),
            "--http-port", Integer.toString(port));
    }

    private static String output(StreamsProcess app) {
        try {
            return app.output();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
