package io.flowpolicy.local.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.flowpolicy.model.JsonSerde;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push mode against a JDK HttpServer that answers like Loki's push endpoint (204, 429, 400). */
class LokiPusherTest {
    private HttpServer server;
    private final List<Integer> bodySizes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> tenants = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int answerWith429First = 0;
    private volatile int status = 204;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/loki/api/v1/push", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            tenants.add(exchange.getRequestHeaders().getFirst("X-Scope-OrgID"));
            int answer = n <= answerWith429First ? 429 : status;
            if (answer == 204) {
                bodySizes.add(body.length);
                collect(JsonSerde.MAPPER.readTree(body));
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] text = (answer == 429 ? "too many requests" : "entry too far behind").getBytes();
                exchange.sendResponseHeaders(answer, text.length);
                exchange.getResponseBody().write(text);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void collect(JsonNode push) {
        for (JsonNode stream : push.get("streams")) {
            assertEquals("node-journal", stream.get("stream").get("job").asText());
            String host = stream.get("stream").get("host").asText();
            for (JsonNode value : stream.get("values")) {
                assertTrue(value.get(0).isTextual(), "Loki needs timestamps as strings");
                received.add(value.get(0).asText() + " " + host + " " + value.get(1).asText());
            }
        }
    }

    private LokiPushClient client() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return new LokiPushClient(url, "tenant-a", Duration.ofMillis(5), Duration.ofMillis(20));
    }

    @Test
    void shouldDeliverEveryGeneratedLineInBatchesUnderTheLimit() throws Exception {
        SyntheticDataSet data = new SyntheticDataSet(7, Instant.parse("2026-11-20T00:00:00Z"), 2, 200);
        List<String> expected = new ArrayList<>();
        data.generate((ts, host, line) -> expected.add(ts + " " + host + " " + line));
        LokiPusher pusher = new LokiPusher(client(), 1000, 0);
        long lines = data.generate(pusher);
        pusher.flush();

        assertEquals(expected.size(), lines);
        // Loki groups values by stream, so the lines arrive grouped by host within a batch: compare as multisets.
        List<String> sortedReceived = new ArrayList<>(received);
        Collections.sort(sortedReceived);
        Collections.sort(expected);
        assertTrue(expected.equals(sortedReceived), "every line arrives once, unchanged");
        assertEquals((expected.size() + 999) / 1000, pusher.requests());
        assertTrue(bodySizes.stream().allMatch(size -> size < 4 * 1024 * 1024), "bodies: " + bodySizes);
        assertTrue(tenants.stream().allMatch("tenant-a"::equals));
    }

    @Test
    void shouldSplitABatchBeforeItsBodyReachesLokisSizeLimit() throws Exception {
        LokiPusher pusher = new LokiPusher(client(), 100_000, 0);
        String line = "x".repeat(4000);
        for (int i = 0; i < 2000; i++) {
            pusher.accept(1_800_000_000_000_000_000L + i, "node-1", line);
        }
        pusher.flush();
        assertEquals(2000, received.size());
        assertTrue(pusher.requests() >= 3, "8 MB of lines need several requests: " + pusher.requests());
        assertTrue(bodySizes.stream().allMatch(size -> size <= LokiPusher.MAX_BODY_BYTES + 64 * 1024), "" + bodySizes);
    }

    @Test
    void shouldRetryWhenLokiAnswersTooManyRequests() throws Exception {
        answerWith429First = 2;
        LokiPusher pusher = new LokiPusher(client(), 10, 0);
        for (int i = 0; i < 25; i++) {
            pusher.accept(1_800_000_000_000_000_000L + i * 1000L, "node-2", "line " + i);
        }
        pusher.flush();
        assertEquals(25, received.size());
        assertEquals(3 + 2, requests.get(), "three batches, the first one sent three times");
    }

    @Test
    void shouldFailWithoutRetryWhenLokiRefusesTheBody() {
        status = 400;
        LokiPusher pusher = new LokiPusher(client(), 10, 0);
        IOException e = assertThrows(IOException.class, () -> {
            pusher.accept(1_800_000_000_000_000_000L, "node-1", "line");
            pusher.flush();
        });
        assertTrue(e.getMessage().contains("HTTP 400: entry too far behind"), e.getMessage());
        assertEquals(1, requests.get());
    }

    @Test
    void shouldSkipLinesOlderThanLokiAccepts() throws Exception {
        LokiPusher pusher = new LokiPusher(client(), 10, 2000);
        pusher.accept(1000, "node-1", "too old");
        pusher.accept(3000, "node-1", "recent");
        pusher.flush();
        assertEquals(List.of("3000 node-1 recent"), received);
        assertEquals(1, pusher.skipped());
    }
}
