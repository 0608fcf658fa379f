package io.flowpolicy.streams.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.streams.state.DestinationTracker;
import io.flowpolicy.streams.state.ReadinessRules;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP API over the state stores. A request to any instance is answered for the whole app: a
 * namespace is routed to the instance holding it (Streams metadata), lists are gathered from every instance. While
 * stores migrate (rebalance, restore) the answer is 503 with Retry-After.
 *
 * <ul>
 *   <li>{@code GET /api/namespaces}: every namespace profile</li>
 *   <li>{@code GET /api/namespaces/{ns}}: a namespace's profile and rules with first/last seen</li>
 *   <li>{@code GET /api/namespaces/{ns}/days}: distinct peers and flows per day, within the retention</li>
 *   <li>{@code GET /api/destinations/new?since=<ISO instant>}: first sightings since then</li>
 * </ul>
 *
 * <p>With a {@link BearerToken}, every {@code /api/} request must carry it; other contexts added with
 * {@link #addContext} are not guarded.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String LOCAL_ONLY = "local=true";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalStateQueries local;
    private final HttpServer server;
    private final BearerToken token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Binds the server; {@link #start()} begins serving.
     *
     * @param bind the address to bind (e.g. 127.0.0.1 or 0.0.0.0) and port (0 = any free port)
     * @param self how other instances reach this one; must equal the app's {@code application.server}
     */
    public ApiServer(KafkaStreams streams, ReadinessRules readiness, InetSocketAddress bind, HostInfo self)
        throws IOException {
        this(streams, readiness, bind, self, null);
    }

    /** @param token required on {@code /api/} requests; null for an open API */
    public ApiServer(KafkaStreams streams, ReadinessRules readiness, InetSocketAddress bind, HostInfo self,
                     BearerToken token) throws IOException {
        this.streams = streams;
        this.self = self;
        this.token = token;
        this.local = new LocalStateQueries(streams, readiness);
        this.server = HttpServer.create(bind, 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/namespaces", guarded(this::namespaces));
        server.createContext("/api/destinations/new", guarded(this::newDestinations));
    }

    private HttpHandler guarded(HttpHandler handler) {
        return token == null ? handler : token.guard(handler);
    }

    /** Adds another handler on the same port, e.g. the dashboard or /metrics. */
    public void addContext(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public void start() {
        server.start();
        LOG.info("API listening on {}", server.getAddress());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void namespaces(HttpExchange exchange) throws IOException {
        Responses.handle(exchange, () -> {
            // Split the raw path: a %2F inside a (hostile) namespace name must not become a segment separator.
            String path = exchange.getRequestURI().getRawPath();
            String rest = path.substring("/api/namespaces".length());
            if (rest.isEmpty() || rest.equals("/")) {
                return Responses.ok(gather(exchange, "/api/namespaces", local::profiles,
                    new TypeReference<List<NamespaceProfile>>() { }, Comparator.comparing(NamespaceProfile::namespace)));
            }
            if (!rest.startsWith("/")) {
                // The context matches by prefix: /api/namespacesfoo is not ours.
                return Responses.notFound("no such resource under /api/namespaces");
            }
            String[] segments = rest.substring(1).split("/", -1);
            // A path keeps '+' literal; URLDecoder would make it a space.
            String namespace = URLDecoder.decode(segments[0].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (segments.length == 1) {
                return namespace(exchange, namespace, local::namespace);
            }
            if (segments.length == 2 && segments[1].equals("days")) {
                return namespace(exchange, namespace, local::days);
            }
            return Responses.notFound("no such resource under /api/namespaces");
        });
    }

    /** Answers from the instance that holds the namespace: here, or forwarded to its owner. */
    private Responses.Response namespace(HttpExchange exchange, String namespace,
                                         Function<String, Optional<?>> query) throws Exception {
        KeyQueryMetadata owner = streams.queryMetadataForKey(DestinationTracker.ACTIVITY_STORE, namespace,
            Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Responses.unavailable("stores are not ready");
        }
        if (owner.activeHost().equals(self) || isLocalOnly(exchange)) {
            Optional<?> answer = query.apply(namespace);
            return answer.isPresent() ? Responses.ok(answer.get())
                : Responses.notFound("no flows seen from namespace " + namespace);
        }
        return forward(owner.activeHost(), exchange.getRequestURI().getRawPath());
    }

    private void newDestinations(HttpExchange exchange) throws IOException {
        Responses.handle(exchange, () -> {
            Instant since;
            String raw = query(exchange).getOrDefault("since", "1970-01-01T00:00:00Z");
            try {
                since = Instant.parse(raw);
            } catch (DateTimeParseException e) {
                return Responses.badRequest("since must be an ISO-8601 instant such as 2026-05-18T00:00:00Z, got "
                    + raw);
            }
            Instant from = since;
            return Responses.ok(gather(exchange, "/api/destinations/new?since=" + from,
                () -> local.newDestinationsSince(from), new TypeReference<List<NewDestination>>() { },
                Comparator.comparing(NewDestination::firstSeen).thenComparing(NewDestination::namespace)));
        });
    }

    /** This instance's answer plus every other instance's local answer. */
    private <T> List<T> gather(HttpExchange exchange, String pathAndQuery, Supplier<List<T>> mine,
                               TypeReference<List<T>> type, Comparator<T> order) throws Exception {
        List<T> all = new ArrayList<>(mine.get());
        if (!isLocalOnly(exchange)) {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                if (!instance.hostInfo().equals(self)) {
                    String separator = pathAndQuery.contains("?") ? "&" : "?";
                    all.addAll(JsonSerde.MAPPER.readValue(fetch(instance.hostInfo(),
                        pathAndQuery + separator + LOCAL_ONLY).body(), type));
                }
            }
        }
        all.sort(order);
        return all;
    }

    private Responses.Response forward(HostInfo host, String rawPath) throws Exception {
        HttpResponse<byte[]> response = fetch(host, rawPath + "?" + LOCAL_ONLY);
        return new Responses.Response(response.statusCode(), response.body());
    }

    private HttpResponse<byte[]> fetch(HostInfo host, String pathAndQuery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
            + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", token.authorization());
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 503) {
            throw new InvalidStateStoreException("instance " + host + " is not ready");
        }
        return response;
    }

    private static boolean isLocalOnly(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query != null && query.contains(LOCAL_ONLY);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
