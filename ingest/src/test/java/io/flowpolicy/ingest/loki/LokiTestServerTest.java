package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test double must behave like the Loki 2.8 server the reference notes describe. */
class LokiTestServerTest {

    private static final Map<String, String> NODE_1 = Map.of("job", "node-journal", "host", "node-1");
    private static final Map<String, String> NODE_2 = Map.of("job", "node-journal", "host", "node-2");
    private final HttpClient http = HttpClient.newHttpClient();
    private LokiTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LokiTestServer();
        for (int s = 1; s <= 150; s++) {
            server.push(s % 2 == 0 ? NODE_1 : NODE_2, s * 1_000_000_000L, "calico-packet: " + s);
        }
        server.push(NODE_1, 2_000_000_000L, "calico-packet: 2");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String params) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/loki/api/v1/query_range?" + params)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String query) {
        return "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerNewestFirstWithAtMostOneHundredEntriesByDefaultAcrossStreams() throws Exception {
        // start/end given as <= 10-digit integers, which Loki reads as seconds.
        JsonNode result = new ObjectMapper().readTree(get(q("{job=\"node-journal\"}") + "&start=1&end=151").body())
                .path("data").path("result");

        int total = 0;
        long newest = 0;
        for (JsonNode stream : result) {
            JsonNode values = stream.path("values");
            total += values.size();
            assertTrue(values.get(0).get(0).isTextual());
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i - 1).get(0).asLong() > values.get(i).get(0).asLong(), "newest first");
            }
            newest = Math.max(newest, values.get(0).get(0).asLong());
        }
        assertEquals(100, total);
        assertEquals(150_000_000_000L, newest);
    }

    @Test
    void shouldRejectTooLargeLimitsWithPlainTextUnderAJsonContentType() throws Exception {
        HttpResponse<String> r = get(q("{job=\"node-journal\"}") + "&limit=6000");

        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("max entries limit per query exceeded, limit > max_entries_limit (6000 > 5000)", r.body().strip());
    }

    @Test
    void shouldAcceptRfc3339WithEndExclusiveAndFilterLines() throws Exception {
        String range = "&start=1970-01-01T00:00:02Z&end=1970-01-01T00:00:04Z&direction=forward";
        JsonNode result = new ObjectMapper().readTree(get(q("{host=\"node-1\"} |= \"packet: 2\"") + range).body())
                .path("data").path("result");

        assertEquals(1, result.size());
        assertEquals(1, result.get(0).path("values").size(), "the duplicate push was dropped, 4s excluded");
    }

    @Test
    void shouldListTheStreamsASelectorMatchesWithEntriesInTheRange() throws Exception {
        server.push(Map.of("job", "other", "host", "node-1"), 2_000_000_000L, "calico-packet: x");
        String selector = "match%5B%5D=" + URLEncoder.encode("{job=\"node-journal\"}", StandardCharsets.UTF_8);

        JsonNode both = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(server.uri()
            + "/loki/api/v1/series?" + selector + "&start=1&end=3")).build(), HttpResponse.BodyHandlers.ofString())
            .body());
        JsonNode one = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(server.uri()
            + "/loki/api/v1/series?" + selector + "&start=0000000002000000000&end=0000000002000000001")).build(),
            HttpResponse.BodyHandlers.ofString()).body());

        assertEquals("success", both.path("status").asText());
        assertEquals(2, both.path("data").size(), both.toString());
        assertEquals(1, one.path("data").size(), one.toString());
        assertEquals("node-1", one.path("data").get(0).path("host").asText());
        assertEquals(2, server.seriesRequests());
        assertEquals(0, server.queryRequests());
    }

    @Test
    void shouldAnswerParseErrorsLikeLoki() throws Exception {
        HttpResponse<String> r = get(q("job=\"x\""));

        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("parse error at line 1, col 1: syntax error:"), r.body());
    }

    @Test
    void shouldReturnStructuredMetadataAsLabelsSoOnePushedStreamComesBackAsSeveral() throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"job\":\"push\",\"host\":\"node-9\"},\"values\":["
                + "[\"1000000000\",\"calico-packet: a\",{\"trace_id\":\"t1\"}],"
                + "[\"2000000000\",\"calico-packet: b\",{\"trace_id\":\"t2\"}],"
                + "[\"3000000000\",\"calico-packet: c\",{\"trace_id\":\"t1\"}],"
                + "[\"4000000000\",\"calico-packet: d\"]]}]}";
        assertEquals(204, push(body).statusCode());

        JsonNode result = new ObjectMapper().readTree(get(q("{job=\"push\"}") + "&start=1&end=5&direction=forward")
                .body()).path("data").path("result");

        Map<Map<String, String>, Integer> entriesByLabels = new HashMap<>();
        for (JsonNode stream : result) {
            Map<String, String> labels = new HashMap<>();
            stream.path("stream").fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
            entriesByLabels.put(labels, stream.path("values").size());
        }
        assertEquals(Map.of(
                Map.of("job", "push", "host", "node-9", "trace_id", "t1"), 2,
                Map.of("job", "push", "host", "node-9", "trace_id", "t2"), 1,
                Map.of("job", "push", "host", "node-9"), 1), entriesByLabels);
    }

    @Test
    void shouldRejectARangeLongerThanMaxQueryLengthWithLokisPlainText() throws Exception {
        long limitSeconds = Duration.ofHours(721).toSeconds();

        HttpResponse<String> tooLong = get(q("{job=\"node-journal\"}") + "&start=1000000000&end="
                + (1_000_000_000L + limitSeconds + 3600));
        HttpResponse<String> atTheLimit = get(q("{job=\"node-journal\"}") + "&start=1000000000&end="
                + (1_000_000_000L + limitSeconds));

        assertEquals(400, tooLong.statusCode());
        assertEquals("the query time range exceeds the limit (query length: 30d2h, limit: 30d1h)",
                tooLong.body().strip());
        assertEquals(200, atTheLimit.statusCode(), atTheLimit.body());
    }

    @Test
    void shouldTimeOutOnRangesLongerThanAskedAsLokisQueryTimeoutDoes() throws Exception {
        server.timeOutRangesLongerThan(Duration.ofSeconds(60));

        HttpResponse<String> tooLong = get(q("{job=\"node-journal\"}") + "&start=1&end=62&direction=forward");
        HttpResponse<String> shortEnough = get(q("{job=\"node-journal\"}") + "&start=1&end=61&direction=forward");

        assertEquals(504, tooLong.statusCode());
        assertTrue(tooLong.body().startsWith("request timed out, decrease the duration of the request"),
                tooLong.body());
        assertEquals(200, shortEnough.statusCode(), shortEnough.body());
    }

    @Test
    void shouldRefuseAnswersOverTheEntriesItCanSendWith413() throws Exception {
        server.maxResponseEntries(10);

        HttpResponse<String> tooMany = get(q("{job=\"node-journal\"}") + "&start=1&end=100&limit=11");
        HttpResponse<String> few = get(q("{job=\"node-journal\"}") + "&start=1&end=100&limit=10");

        assertEquals(413, tooMany.statusCode());
        assertTrue(tooMany.body().startsWith("response larger than the max message size"), tooMany.body());
        assertEquals(200, few.statusCode(), few.body());
    }

    @Test
    void shouldRejectAPushOverTheFourMebibyteGrpcLimitWithoutStoringAnything() throws Exception {
        StringBuilder body = new StringBuilder("{\"streams\":[{\"stream\":{\"job\":\"big\"},\"values\":[");
        for (int i = 0; body.length() <= 4 * 1024 * 1024; i++) {
            body.append(i == 0 ? "" : ",").append("[\"").append(1_000_000_000L + i).append("\",\"")
                    .append(TestFlowLines.line(i)).append("\"]");
        }
        body.append("]}]}");
        int before = server.size();

        HttpResponse<String> r = push(body.toString());

        assertEquals(500, r.statusCode());
        assertEquals("rpc error: code = ResourceExhausted desc = grpc: received message larger than max ("
                + body.length() + " vs. 4194304)", r.body().strip());
        assertEquals(before, server.size());
    }

    private HttpResponse<String> push(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/loki/api/v1/push"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
