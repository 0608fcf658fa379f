package io.flowpolicy.ingest.loki;

import static io.flowpolicy.ingest.loki.TestFlowLines.QUERY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.flowpolicy.model.RawLine;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LokiClientTest {

    private static final String PASSWORD = "glc_s3cr3t-P4ssw0rd";
    private static final String TOKEN = "eyJrIjoiT0tTcG1pUlY2RnVKZTFVaDFsNFZXdE9ZWmNrMkZYbk";

    private LokiTestServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new LokiTestServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LokiClient client() {
        return new LokiClient(LokiClientConfig.builder(server.uri()).build());
    }

    @Test
    void shouldSurfaceLokisPlainTextMessageAndHintAtPageSizeWhenTheLimitIsTooLarge() {
        LokiQueryException e = assertThrows(LokiQueryException.class,
                () -> client().queryRange(QUERY, 0, 10, 6000));

        assertEquals(400, e.status());
        assertFalse(e.retryable());
        assertEquals("max entries limit per query exceeded, limit > max_entries_limit (6000 > 5000)", e.lokiMessage());
        assertTrue(e.hint().contains("--page-size"), e.hint());
        assertTrue(e.getMessage().contains(e.lokiMessage()) && e.getMessage().contains(e.hint()));
    }

    @Test
    void shouldSurfaceTheParseErrorAndHintAtTheQuery() {
        LokiQueryException e = assertThrows(LokiQueryException.class,
                () -> client().queryRange("job=\"node-journal\"", 0, 10, 10));

        assertEquals(400, e.status());
        assertTrue(e.lokiMessage().startsWith("parse error at line 1, col 1: syntax error"), e.lokiMessage());
        assertTrue(e.hint().contains("--query"), e.hint());
    }

    @Test
    void shouldHintAtTheTenantWhenLokiAnswersNoOrgId() {
        server.requireTenant(true);

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> client().queryRange(QUERY, 0, 10, 10));

        assertEquals(401, e.status());
        assertFalse(e.retryable());
        assertEquals("no org id", e.lokiMessage());
        assertTrue(e.hint().contains("--tenant"), e.hint());
    }

    @Test
    void shouldUseTheMessageFieldOfAJsonErrorBody() {
        assertEquals("too many outstanding requests",
                LokiErrors.messageOf("{\"status\":\"error\",\"message\":\"too many outstanding requests\"}"));
        assertEquals("{not json", LokiErrors.messageOf("{not json\n"));
    }

    @Test
    void shouldSendTenantAndCredentialsAndParseStreamsWithLabelsAsMaps() throws Exception {
        server.requireTenant(true);
        Map<String, String> node1 = Map.of("job", "node-journal", "host", "node-1", "unit", "kubelet");
        server.push(node1, 5, "calico-packet: early");
        server.push(Map.of("job", "node-journal", "host", "node-2", "unit", "kubelet"), 6, "calico-packet: b");
        server.push(node1, 7, "calico-packet: c");
        LokiClient client = new LokiClient(LokiClientConfig.builder(server.uri())
                .tenant("team-a").basicAuth("1234", PASSWORD).build());

        // Tiny nanosecond values prove the 19-digit encoding: Loki reads <= 10 digits as seconds.
        List<RawLine> lines = EntryOrder.sorted(client.queryRange(QUERY, 0, 7, 100));

        assertEquals(List.of(RawLine.of(5, node1, "calico-packet: early"),
                RawLine.of(6, Map.of("job", "node-journal", "unit", "kubelet", "host", "node-2"), "calico-packet: b")),
                lines);
        assertEquals("team-a", server.lastQueryHeaders().get("X-scope-orgid"));
        String basic = Base64.getEncoder().encodeToString(("1234:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertEquals("Basic " + basic, server.lastQueryHeaders().get("Authorization"));
    }

    @Test
    void shouldSendABearerToken() throws Exception {
        new LokiClient(LokiClientConfig.builder(server.uri()).bearerToken(TOKEN).build()).queryRange(QUERY, 0, 1, 1);

        assertEquals("Bearer " + TOKEN, server.lastQueryHeaders().get("Authorization"));
    }

    @Test
    void shouldRejectBasicAuthAndBearerTokenTogether() {
        LokiClientConfig.Builder b = LokiClientConfig.builder(server.uri()).basicAuth("u", PASSWORD);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.bearerToken(TOKEN));

        assertTrue(e.getMessage().contains("mutually exclusive"));
    }

    @Test
    void shouldClassifyThrottlingAndServerErrorsAsRetryable() {
        server.faults(1.0, 0, Duration.ZERO, 1);
        for (int i = 0; i < 10; i++) {
            LokiQueryException e = assertThrows(LokiQueryException.class, () -> client().queryRange(QUERY, 0, 1, 1));
            assertTrue(e.retryable());
            assertTrue(e.status() == 429 || e.status() == 500, "status " + e.status());
        }
    }

    @Test
    void shouldClassifyATimeoutAsRetryable() {
        server.faults(0, 1.0, Duration.ofMillis(1500), 1);
        LokiClient client = new LokiClient(LokiClientConfig.builder(server.uri())
                .requestTimeout(Duration.ofMillis(200)).build());

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> client.queryRange(QUERY, 0, 1, 1));

        assertTrue(e.retryable());
        assertEquals("timeout", e.errorClass());
    }

    @Test
    void shouldTimeOutARequestWhoseBodyStallsAfterTheHeaders() throws Exception {
        // A dead proxy or a half-open connection: headers and half the body, then nothing, with the socket kept open.
        CountDownLatch released = new CountDownLatch(1);
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1_000);
            exchange.getResponseBody().write("{\"status\":\"success\",".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.setExecutor(Executors.newCachedThreadPool());
        stalling.start();
        try {
            LokiClient client = new LokiClient(LokiClientConfig.builder(
                URI.create("http://127.0.0.1:" + stalling.getAddress().getPort())).requestTimeout(Duration.ofMillis(500))
                .build());

            LokiQueryException e = assertThrows(LokiQueryException.class, () -> client.queryRange(QUERY, 0, 1, 1));

            assertTrue(e.retryable());
            assertEquals("timeout", e.errorClass());
            assertTrue(e.getMessage().contains("no complete response within --request-timeout"), e.getMessage());
        } finally {
            released.countDown();
            stalling.stop(0);
        }
    }

    @Test
    void shouldClassifyARefusedConnectionAsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LokiClient client = new LokiClient(LokiClientConfig.builder(URI.create("http://127.0.0.1:" + closedPort)).build());

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> client.queryRange(QUERY, 0, 1, 1));

        assertTrue(e.retryable());
        assertEquals("connect", e.errorClass());
    }

    @Test
    void shouldNeverRevealSecretsInMessagesCausesOrToString() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("1234:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        LokiClientConfig basicConfig = LokiClientConfig.builder(server.uri()).basicAuth("1234", PASSWORD)
                .requestTimeout(Duration.ofMillis(200)).build();
        LokiClientConfig bearerConfig = LokiClientConfig.builder(server.uri()).bearerToken(TOKEN).build();
        server.requireTenant(true);
        assertNoSecret(assertThrows(LokiQueryException.class,
                () -> new LokiClient(basicConfig).queryRange(QUERY, 0, 1, 1)), basic);
        assertNoSecret(assertThrows(LokiQueryException.class,
                () -> new LokiClient(bearerConfig).queryRange(QUERY, 0, 1, 1)), basic);
        server.requireTenant(false);
        server.faults(0, 1.0, Duration.ofMillis(1000), 1);
        assertNoSecret(assertThrows(LokiQueryException.class,
                () -> new LokiClient(basicConfig).queryRange(QUERY, 0, 1, 1)), basic);
        String all = basicConfig + " " + bearerConfig + " " + new LokiClient(basicConfig);
        assertFalse(all.contains(PASSWORD) || all.contains(TOKEN) || all.contains(basic), all);
        IllegalArgumentException userInfo = assertThrows(IllegalArgumentException.class,
                () -> LokiClientConfig.builder(URI.create("https://u:" + PASSWORD + "@loki.example")));
        assertFalse(userInfo.getMessage().contains(PASSWORD));
    }

    private static void assertNoSecret(Throwable e, String basic) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t + " " + t.getMessage();
            assertFalse(text.contains(PASSWORD) || text.contains(TOKEN) || text.contains(basic), text);
        }
    }
}
