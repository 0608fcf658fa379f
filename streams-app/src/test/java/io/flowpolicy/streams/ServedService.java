package io.flowpolicy.streams;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.streams.api.BearerToken;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A StreamsService on a real broker that has processed the given data, and an HTTP client for its port. */
public final class ServedService implements AutoCloseable {
    public final StreamsService service;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServedService(StreamsService service) {
        this.service = service;
    }

    /** Feeds the data, starts the service and waits until it has processed all of it. */
    public static ServedService start(String bootstrap, String applicationId, Path stateDir, BearerToken token,
                                      List<InventoryRecord> inventory, List<RawLine> lines) throws Exception {
        BrokerFixture broker = new BrokerFixture(bootstrap, 2);
        broker.inventory(inventory);
        broker.lines(lines);
        StreamsService service = new StreamsService(new StreamsService.Settings(bootstrap, applicationId,
            Files.createDirectories(stateDir), 1, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
            TopologySettings.defaults(), token));
        try {
            service.start();
            service.awaitRunning(Duration.ofSeconds(60));
            broker.awaitProcessed(applicationId, Duration.ofSeconds(120));
            return new ServedService(service);
        } catch (Exception | AssertionError e) {
            service.close();
            throw e;
        }
    }

    public static InventoryRecord pod(String ip, String namespace, String workload) {
        return new InventoryRecord(ip, "pod", namespace, workload + "-0", "Deployment/" + workload,
            Map.of("app", "a"), "node-1", List.of(), TopologyHarness.LONG_AGO, null);
    }

    public int port() {
        return service.api().port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON answer; polls while the answer is 503 (stores migrating after a rebalance). */
    public com.fasterxml.jackson.databind.JsonNode getJson(String path, String authorization) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = get(path, authorization);
            if (response.statusCode() == 200) {
                return JsonSerde.MAPPER.readTree(response.body());
            }
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
