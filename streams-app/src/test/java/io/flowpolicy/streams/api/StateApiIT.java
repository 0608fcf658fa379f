package io.flowpolicy.streams.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.streams.BrokerFixture;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two streams-app instances on a real broker: either one answers for every namespace. */
class StateApiIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final List<String> NAMESPACES = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerEveryNamespaceFromEitherInstance() throws Exception {
        BrokerFixture broker = new BrokerFixture(KAFKA.bootstrapServers(), 4);
        List<InventoryRecord> inventory = new ArrayList<>();
        List<RawLine> lines = new ArrayList<>();
        for (int i = 0; i < NAMESPACES.size(); i++) {
            String ip = "10.244." + i + ".5";
            inventory.add(new InventoryRecord(ip, "pod", NAMESPACES.get(i), "app-0", "Deployment/app", Map.of("app", "a"),
                "node-1", List.of(), TopologyHarness.LONG_AGO, null));
            for (int peer = 0; peer <= i; peer++) {
                lines.add(TopologyHarness.line(T0.plusSeconds(i * 10L + peer), ip, "203.0.113." + (peer + 1), "TCP", 443));
            }
        }
        // A source the inventory does not know: profiled as _unknown, never a new destination.
        lines.add(TopologyHarness.line(T0.plusSeconds(60), "10.9.9.9", "203.0.113.99", "TCP", 443));
        broker.inventory(inventory);
        broker.lines(lines);

        try (StreamsService one = service("one"); StreamsService two = service("two")) {
            one.start();
            two.start();
            one.awaitRunning(Duration.ofSeconds(60));
            two.awaitRunning(Duration.ofSeconds(60));
            broker.awaitProcessed("api-it", Duration.ofSeconds(120), one, two);

            for (StreamsService instance : List.of(one, two)) {
                int port = instance.api().port();
                JsonNode all = getJson(port, "/api/namespaces");
                Set<String> names = new TreeSet<>();
                all.forEach(p -> names.add(p.get("namespace").asText()));
                TreeSet<String> profiled = new TreeSet<>(NAMESPACES);
                profiled.add("_unknown");
                assertEquals(profiled, names, "from port " + port);
                for (int i = 0; i < NAMESPACES.size(); i++) {
                    JsonNode detail = getJson(port, "/api/namespaces/" + NAMESPACES.get(i));
                    assertEquals(i + 1, detail.at("/profile/external").asInt());
                    assertEquals(i + 1, detail.get("rules").size());
                    assertEquals("external", detail.at("/rules/0/peer/kind").asText());
                }
                assertEquals(404, get(port, "/api/namespaces/nobody").statusCode());
                JsonNode fresh = getJson(port, "/api/destinations/new?since=" + T0.plusSeconds(50));
                assertEquals(6, fresh.size());
                fresh.forEach(event -> assertEquals("foxtrot", event.get("namespace").asText()));
            }
            assertEquals(400, get(one.api().port(), "/api/destinations/new?since=yesterday").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + one.api().port()
                + "/api/namespaces")).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private StreamsService service(String name) throws Exception {
        return new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(), "api-it",
            Files.createDirectories(dir.resolve(name)), 1, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
            TopologySettings.defaults()));
    }

    /** Polls while the answer is 503 (stores migrating after a rebalance). */
    private JsonNode getJson(int port, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = get(port, path);
            if (response.statusCode() == 200) {
                return JsonSerde.MAPPER.readTree(response.body());
            }
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
