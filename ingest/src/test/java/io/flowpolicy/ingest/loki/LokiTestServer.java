package io.flowpolicy.ingest.loki;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Loki's HTTP API on 127.0.0.1 (no Docker on the build machines), faithful where the
 * reader depends on it: {@code query_range} defaults (backward, limit 100), the entry limit and
 * {@code max_query_length} checks with Loki's plain-text 400 under a JSON content type, the limit
 * cut across merged streams, label keys in varying order, structured metadata returned as labels
 * (one pushed stream, several result streams), {@code no org id}, push with the gRPC message
 * limit, labels, and the streams a selector matches ({@code series}); plus seeded fault injection.
 * Public, and shipped in the ingest test-jar, for the command-line tests of module local.
 */
public final class LokiTestServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle on, each response then waits
        // for the client's delayed ACK (~40ms), which would make the server, not the reader, the bottleneck.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Loki's default {@code max_query_length}, 30d1h. */
    static final Duration MAX_QUERY_LENGTH = Duration.ofHours(721);
    /** The gRPC message limit a push goes through in Loki, 4 MiB by default. */
    static final int MAX_PUSH_BYTES = 4 * 1024 * 1024;
    // Years and weeks only when exact, as Prometheus prints them: 90d reads better than 12w6d.
    private static final List<Unit> UNITS = List.of(new Unit("y", 365 * 86_400_000L, true),
            new Unit("w", 7 * 86_400_000L, true), new Unit("d", 86_400_000L, false), new Unit("h", 3_600_000L, false),
            new Unit("m", 60_000L, false), new Unit("s", 1_000L, false), new Unit("ms", 1L, false));

    private final TestLogStore store = new TestLogStore();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger queryRequests = new AtomicInteger();
    private final AtomicInteger seriesRequests = new AtomicInteger();
    private volatile int maxEntriesLimit = 5000;
    private volatile boolean requireTenant;
    private volatile Map<String, String> lastQueryHeaders = Map.of();
    private Random faultRandom = new Random(0);
    private double failRate;
    private double delayRate;
    private Duration delay = Duration.ZERO;
    private volatile long refuseAboveNanos = Long.MAX_VALUE;
    private volatile int refusalStatus;
    private volatile String refusal;
    private volatile int maxResponseEntries = Integer.MAX_VALUE;

    public LokiTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/loki/api/v1/query_range", this::guarded);
        server.createContext("/loki/api/v1/push", this::guarded);
        server.createContext("/loki/api/v1/labels", this::guarded);
        server.createContext("/loki/api/v1/series", this::guarded);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public LokiTestServer maxEntriesLimit(int limit) {
        this.maxEntriesLimit = limit;
        return this;
    }

    public LokiTestServer requireTenant(boolean required) {
        this.requireTenant = required;
        return this;
    }

    /** Fails {@code failRate} of queries with 429 or 500 and delays {@code delayRate} of them by {@code d}. */
    public synchronized LokiTestServer faults(double failRate, double delayRate, Duration d, long seed) {
        this.failRate = failRate;
        this.delayRate = delayRate;
        this.delay = d;
        this.faultRandom = new Random(seed);
        return this;
    }

    /**
     * Answers a query whose range is longer than {@code longest} as Loki does when it hits its {@code query_timeout}
     * (504, plain text), the way a range holding more than the server can scan in time fails.
     */
    public LokiTestServer timeOutRangesLongerThan(Duration longest) {
        return refuseRangesLongerThan(longest, 504, "request timed out, decrease the duration of the request or add "
                + "more label matchers or line filter expressions that reduce the amount of data processed");
    }

    /** Answers a query whose range is longer than {@code longest} with {@code status} and {@code message}. */
    public LokiTestServer refuseRangesLongerThan(Duration longest, int status, String message) {
        this.refusalStatus = status;
        this.refusal = message;
        this.refuseAboveNanos = longest.toNanos();
        return this;
    }

    /**
     * Answers a query whose result holds more than {@code entries} entries with 413, as a querier does whose answer
     * exceeds its gRPC message size.
     */
    public LokiTestServer maxResponseEntries(int entries) {
        this.maxResponseEntries = entries;
        return this;
    }

    public void push(Map<String, String> labels, long tsNanos, String line) {
        store.push(labels, tsNanos, line, Map.of());
    }

    /** An entry with structured metadata, which comes back added to the stream's labels. */
    public void push(Map<String, String> labels, long tsNanos, String line, Map<String, String> metadata) {
        store.push(labels, tsNanos, line, metadata);
    }

    public int size() {
        return store.size();
    }

    public int queryRequests() {
        return queryRequests.get();
    }

    public int seriesRequests() {
        return seriesRequests.get();
    }

    public Map<String, String> lastQueryHeaders() {
        return lastQueryHeaders;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void guarded(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (requireTenant && ex.getRequestHeaders().getFirst("X-Scope-OrgID") == null) {
                plain(ex, 401, "no org id");
            } else if (path.endsWith("/query_range")) {
                queryRange(ex);
            } else if (path.endsWith("/push")) {
                pushJson(ex);
            } else if (path.endsWith("/series")) {
                series(ex);
            } else {
                labels(ex);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            plain(ex, 500, "test server: " + e);
        }
    }

    private void queryRange(HttpExchange ex) throws IOException, InterruptedException {
        queryRequests.incrementAndGet();
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        lastQueryHeaders = headers;
        if (injectFault(ex)) {
            return;
        }
        Map<String, String> p = params(ex.getRequestURI().getRawQuery());
        TestLogQuery query;
        try {
            query = TestLogQuery.parse(p.getOrDefault("query", ""));
        } catch (TestLogQuery.ParseError e) {
            plain(ex, 400, e.getMessage());
            return;
        }
        int limit = Integer.parseInt(p.getOrDefault("limit", "100"));
        if (limit > maxEntriesLimit && maxEntriesLimit != 0) {
            plain(ex, 400, "max entries limit per query exceeded, limit > max_entries_limit ("
                    + limit + " > " + maxEntriesLimit + ")");
            return;
        }
        if (limit <= 0) {
            plain(ex, 400, "limit must be a positive value");
            return;
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        long end;
        long start;
        try {
            end = TestTimestamps.parse(p.get("end"), now);
            start = TestTimestamps.parse(p.get("start"), end - 3_600_000_000_000L);
        } catch (IllegalArgumentException e) {
            plain(ex, 400, e.getMessage());
            return;
        }
        if (end - start > MAX_QUERY_LENGTH.toNanos()) {
            plain(ex, 400, "the query time range exceeds the limit (query length: " + promDuration(end - start)
                    + ", limit: " + promDuration(MAX_QUERY_LENGTH.toNanos()) + ")");
            return;
        }
        if (end - start > refuseAboveNanos) {
            plain(ex, refusalStatus, refusal);
            return;
        }
        String direction = p.getOrDefault("direction", "backward");
        boolean forward = "forward".equalsIgnoreCase(direction);
        if (!forward && !"backward".equalsIgnoreCase(direction)) {
            plain(ex, 400, "invalid direction '" + direction + "'");
            return;
        }
        List<TestLogStore.StreamResult> result = store.query(query, start, end, limit, forward);
        int entries = result.stream().mapToInt(s -> s.values().size()).sum();
        if (entries > maxResponseEntries) {
            plain(ex, 413, "response larger than the max message size (" + entries * 300 + " vs "
                    + maxResponseEntries * 300 + ")");
            return;
        }
        respond(ex, 200, "application/json; charset=UTF-8", streamsJson(result));
    }

    /** {@code GET /loki/api/v1/series?match[]=<selector>&start=&end=}: the matching streams' label sets. */
    private void series(HttpExchange ex) throws IOException {
        seriesRequests.incrementAndGet();
        Map<String, String> p = params(ex.getRequestURI().getRawQuery());
        if (!p.containsKey("match[]")) {
            plain(ex, 400, "at least one match[] argument is required");
            return;
        }
        TestLogQuery selector;
        long start;
        long end;
        try {
            selector = TestLogQuery.parse(p.get("match[]"));
            long now = System.currentTimeMillis() * 1_000_000L;
            end = TestTimestamps.parse(p.get("end"), now);
            start = TestTimestamps.parse(p.get("start"), end - 3_600_000_000_000L);
        } catch (TestLogQuery.ParseError | IllegalArgumentException e) {
            plain(ex, 400, e.getMessage());
            return;
        }
        if (!selector.contains().isEmpty()) {
            plain(ex, 400, "only stream selectors are allowed in match[]");
            return;
        }
        byte[] body = MAPPER.writeValueAsBytes(Map.of("status", "success", "data", store.series(selector, start, end)));
        respond(ex, 200, "application/json; charset=UTF-8", body);
    }

    /** Returns true when the request was answered with a fault. */
    private boolean injectFault(HttpExchange ex) throws IOException, InterruptedException {
        double r;
        Duration d;
        synchronized (this) {
            r = faultRandom.nextDouble();
            d = delay;
        }
        if (r < failRate / 2) {
            plain(ex, 429, "too many outstanding requests");
            return true;
        }
        if (r < failRate) {
            plain(ex, 500, "rpc error: code = Internal desc = injected failure");
            return true;
        }
        if (r < failRate + delayRate) {
            Thread.sleep(d.toMillis());
        }
        return false;
    }

    private static byte[] streamsJson(List<TestLogStore.StreamResult> result) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            g.writeStringField("resultType", "streams");
            g.writeArrayFieldStart("result");
            int n = 0;
            for (TestLogStore.StreamResult s : result) {
                g.writeStartObject();
                g.writeObjectFieldStart("stream");
                // Real Loki emits label keys in differing orders between streams; so do we.
                List<Map.Entry<String, String>> labels = new ArrayList<>(new TreeMap<>(s.labels()).entrySet());
                if (n++ % 2 == 1) {
                    Collections.reverse(labels);
                }
                for (Map.Entry<String, String> l : labels) {
                    g.writeStringField(l.getKey(), l.getValue());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("values");
                for (TestLogStore.Entry e : s.values()) {
                    g.writeStartArray();
                    g.writeString(Long.toString(e.ts()));
                    g.writeString(e.line());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("stats");
            g.writeObjectFieldStart("summary");
            g.writeNumberField("execTime", 0);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        return buf.toByteArray();
    }

    private void pushJson(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        if (bytes.length > MAX_PUSH_BYTES) {
            plain(ex, 500, "rpc error: code = ResourceExhausted desc = grpc: received message larger than max ("
                    + bytes.length + " vs. " + MAX_PUSH_BYTES + ")");
            return;
        }
        JsonNode body = MAPPER.readTree(bytes);
        List<PushedEntry> entries = new ArrayList<>();
        for (JsonNode stream : body.path("streams")) {
            Map<String, String> labels = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = stream.path("stream").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> l = it.next();
                labels.put(l.getKey(), l.getValue().asText());
            }
            for (JsonNode v : stream.path("values")) {
                if (!v.get(0).isTextual()) {
                    plain(ex, 400, "timestamps must be strings");
                    return;
                }
                Map<String, String> metadata = new HashMap<>();
                v.path(2).fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                entries.add(new PushedEntry(labels, Long.parseLong(v.get(0).asText()), v.get(1).asText(), metadata));
            }
        }
        // All or nothing, as a rejected request stores none of its entries.
        entries.forEach(e -> store.push(e.labels(), e.ts(), e.line(), e.metadata()));
        ex.sendResponseHeaders(204, -1);
    }

    private record PushedEntry(Map<String, String> labels, long ts, String line, Map<String, String> metadata) {
    }

    private record Unit(String symbol, long millis, boolean onlyWhenExact) {
    }

    /** A duration as Prometheus' {@code model.Duration} prints it in Loki's messages, e.g. 30d1h. */
    static String promDuration(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        for (Unit u : UNITS) {
            long v = ms / u.millis();
            if (v > 0 && !(u.onlyWhenExact() && ms % u.millis() != 0)) {
                sb.append(v).append(u.symbol());
                ms -= v * u.millis();
            }
        }
        return sb.toString();
    }

    private void labels(HttpExchange ex) throws IOException {
        byte[] body = MAPPER.writeValueAsBytes(Map.of("status", "success", "data", store.labelNames()));
        respond(ex, 200, "application/json; charset=UTF-8", body);
    }

    /** Loki's error shape: a plain-text body under a JSON content type. */
    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        respond(ex, status, "application/json; charset=UTF-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> p = new HashMap<>();
        if (raw == null) {
            return p;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            p.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return p;
    }
}
