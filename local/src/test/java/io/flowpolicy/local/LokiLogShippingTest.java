package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The services' own logs shipped to a stand-in for Loki's push endpoint. */
class LokiLogShippingTest {
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer loki;

    @TempDir
    Path dir;

    @BeforeEach
    void startLoki() throws Exception {
        loki = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        loki.createContext(LokiLogShipping.PUSH_PATH, exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        loki.start();
    }

    @AfterEach
    void stopLoki() {
        loki.stop(0);
    }

    @Test
    void shouldShipALogLineWithAppServiceAndHostLabels() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret-pw\n");
        Map<String, String> env = Map.of(LokiLogShipping.URL_ENV, "http://127.0.0.1:" + loki.getAddress().getPort() + "/",
            LokiLogShipping.USER_ENV, "shipper", LokiLogShipping.PASSWORD_FILE_ENV, password.toString());

        try (LokiLogShipping shipping = LokiLogShipping.start(env, "sink")) {
            LoggerFactory.getLogger("io.flowpolicy.test").warn("push to remote failed; kept for a retry");
        }

        JsonNode stream = streamHolding("push to remote failed; kept for a retry");
        assertEquals("flowpolicy", stream.path("stream").path("app").asText());
        assertEquals("sink", stream.path("stream").path("service").asText());
        assertFalse(stream.path("stream").path("host").asText().isBlank(), stream.toString());
        String expected = "Basic " + Base64.getEncoder().encodeToString("shipper:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        assertTrue(authorizations.contains(expected), authorizations.toString());
        assertTrue(bodies.stream().noneMatch(b -> b.contains("s3cret-pw")), "the password was shipped as a log line");
    }

    @Test
    void shouldShipNothingWithoutTheUrlVariable() {
        try (LokiLogShipping shipping = LokiLogShipping.start(Map.of(), "ingest")) {
            LoggerFactory.getLogger("io.flowpolicy.test").warn("not shipped");
        }
        assertEquals(List.of(), bodies);
    }

    @Test
    void shouldRefuseAUrlCarryingCredentials() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LokiLogShipping.start(
            Map.of(LokiLogShipping.URL_ENV, "http://user:hunter2@127.0.0.1:1"), "ingest"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    private JsonNode streamHolding(String message) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String body : bodies) {
            for (JsonNode stream : json.readTree(body).path("streams")) {
                for (JsonNode value : stream.path("values")) {
                    if (value.get(1).asText().contains(message)) {
                        return stream;
                    }
                }
            }
        }
        throw new AssertionError("no pushed line holds '" + message + "'; bodies: " + bodies);
    }
}
