package io.flowpolicy.ingest.metrics;

import io.flowpolicy.ingest.file.FlowFileReader;
import io.flowpolicy.ingest.loki.LokiReaderStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an ingest run counts, as Micrometer meters on a registry the caller owns (no global registry, so tests can
 * run several ingests in one JVM). Prometheus names: {@code flowpolicy_ingest_lines_read_total{source}},
 * {@code flowpolicy_ingest_lines_rejected_total{reason}}, {@code flowpolicy_ingest_lines_published_total},
 * {@code flowpolicy_ingest_transactions_committed_total}, {@code flowpolicy_ingest_lag_seconds}, and for a Loki
 * source {@code flowpolicy_loki_requests_total}, {@code flowpolicy_loki_request_retries_total},
 * {@code flowpolicy_loki_request_splits_total},
 * {@code flowpolicy_loki_request_errors_total{class}}, {@code flowpolicy_loki_parallelism}. The CoreDNS query lines
 * of {@code ingest --dns} count on a family of their own ({@link #dnsQueries()}): the same meters named
 * {@code flowpolicy_dns_*} and {@code flowpolicy_dns_loki_*}, so neither source hides the other. Thread-safe.
 */
public final class IngestMeters {
    public static final String LINES_READ = "flowpolicy.ingest.lines.read";
    public static final String LINES_REJECTED = "flowpolicy.ingest.lines.rejected";
    public static final String LINES_PUBLISHED = "flowpolicy.ingest.lines.published";
    public static final String TRANSACTIONS = "flowpolicy.ingest.transactions.committed";
    public static final String LAG = "flowpolicy.ingest.lag";
    public static final String LOKI_REQUESTS = "flowpolicy.loki.requests";
    public static final String LOKI_RETRIES = "flowpolicy.loki.request.retries";
    public static final String LOKI_SPLITS = "flowpolicy.loki.request.splits";
    public static final String LOKI_ERRORS = "flowpolicy.loki.request.errors";
    public static final String LOKI_PARALLELISM = "flowpolicy.loki.parallelism";

    /** The meter names of one kind of line. */
    record Names(String linesRead, String linesRejected, String linesPublished, String transactions, String lag,
                 String lokiRequests, String lokiRetries, String lokiSplits, String lokiErrors,
                 String lokiParallelism) {
        static final Names FLOWS = new Names(LINES_READ, LINES_REJECTED, LINES_PUBLISHED, TRANSACTIONS, LAG,
            LOKI_REQUESTS, LOKI_RETRIES, LOKI_SPLITS, LOKI_ERRORS, LOKI_PARALLELISM);
        static final Names DNS_QUERIES = new Names("flowpolicy.dns.lines.read", "flowpolicy.dns.lines.rejected",
            "flowpolicy.dns.lines.published", "flowpolicy.dns.transactions.committed", "flowpolicy.dns.lag",
            "flowpolicy.dns.loki.requests", "flowpolicy.dns.loki.request.retries",
            "flowpolicy.dns.loki.request.splits", "flowpolicy.dns.loki.request.errors",
            "flowpolicy.dns.loki.parallelism");
    }

    private final MeterRegistry registry;
    private final Names names;
    private final Clock clock;
    private final Counter fileLinesRead;
    private final Counter published;
    private final Counter transactions;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final AtomicLong newestPublishedNanos = new AtomicLong(Long.MIN_VALUE);

    public IngestMeters(MeterRegistry registry, Clock clock) {
        this(registry, clock, Names.FLOWS);
    }

    private IngestMeters(MeterRegistry registry, Clock clock, Names names) {
        this.registry = registry;
        this.clock = clock;
        this.names = names;
        this.fileLinesRead = linesRead("file");
        this.published = Counter.builder(names.linesPublished())
            .description("Lines committed to their topic").register(registry);
        this.transactions = Counter.builder(names.transactions())
            .description("Kafka transactions committed (a Loki window with its checkpoint, or a file batch)")
            .register(registry);
        // The file reader's only reason; registered up front so the series exists at zero.
        rejected(FlowFileReader.MALFORMED);
        Gauge.builder(names.lag(), this, IngestMeters::lagSeconds).baseUnit("seconds")
            .description("Now minus the timestamp of the newest line published, or of the checkpoint a run resumed "
                + "at when that is later; NaN before either")
            .register(registry);
    }

    /**
     * Meters on the same registry for the CoreDNS query lines of {@code ingest --dns}, named {@code flowpolicy.dns.*}
     * and {@code flowpolicy.dns.loki.*}. Call once per registry: a second call would bind no new meters.
     */
    public IngestMeters dnsQueries() {
        return new IngestMeters(registry, clock, Names.DNS_QUERIES);
    }

    /** Meters nobody scrapes, for callers that do not export metrics. */
    public static IngestMeters unexported() {
        return new IngestMeters(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** The registry the meters are on, e.g. to bind a Kafka client's metrics. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Exports a Loki reader's counters; they are read at scrape time, so the reader pays nothing. */
    public void bind(LokiReaderStats stats) {
        FunctionCounter.builder(names.linesRead(), stats, LokiReaderStats::entries).tag("source", "loki")
            .description("Lines read from the source").register(registry);
        FunctionCounter.builder(names.lokiRequests(), stats, LokiReaderStats::requests)
            .description("Loki query requests sent, retries included").register(registry);
        FunctionCounter.builder(names.lokiRetries(), stats, LokiReaderStats::retries)
            .description("Loki requests repeated after a retryable failure").register(registry);
        FunctionCounter.builder(names.lokiSplits(), stats, LokiReaderStats::splits)
            .description("Loki requests that timed out or read too much, asked again for half their range")
            .register(registry);
        Gauge.builder(names.lokiParallelism(), stats, LokiReaderStats::parallelism)
            .description("Loki requests allowed at once (lowered on 429)").register(registry);
        LokiReaderStats.COMMON_ERROR_CLASSES.forEach(c -> lokiErrors(stats, c));
        // The common classes are registered already; registering one again when it first happens only logs a warning.
        stats.onErrorClass(c -> {
            if (!LokiReaderStats.COMMON_ERROR_CLASSES.contains(c)) {
                lokiErrors(stats, c);
            }
        });
    }

    private void lokiErrors(LokiReaderStats stats, String errorClass) {
        FunctionCounter.builder(names.lokiErrors(), stats, s -> s.errors(errorClass)).tag("class", errorClass)
            .description("Failed Loki requests by error class (e.g. http_429, timeout)").register(registry);
    }

    /** A line was read from a file. */
    public void fileLineRead() {
        fileLinesRead.increment();
    }

    /** A file line was rejected; {@code reason} is a stable word such as {@code malformed-record}. */
    public void lineRejected(String reason) {
        rejected(reason).increment();
    }

    /** A transaction committed {@code lines} lines, the newest stamped {@code newestNanos} (ns epoch). */
    public void committed(int lines, long newestNanos) {
        transactions.increment();
        published.increment(lines);
        if (lines > 0) {
            newestPublishedNanos.accumulateAndGet(newestNanos, Math::max);
        }
    }

    /**
     * A run resumed at a checkpoint whose cursor is {@code cursorNanos}: every line before it was published by an
     * earlier run. The lag counts from there until a newer line is published, so a run that restarts into a Loki
     * outage reports a growing lag instead of none.
     */
    public void resumedAt(long cursorNanos) {
        newestPublishedNanos.accumulateAndGet(cursorNanos, Math::max);
    }

    private Counter linesRead(String source) {
        return Counter.builder(names.linesRead()).tag("source", source).description("Lines read from the source")
            .register(registry);
    }

    private Counter rejected(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder(names.linesRejected()).tag("reason", r)
            .description("File lines rejected, by reason").register(registry));
    }

    private double lagSeconds() {
        long newest = newestPublishedNanos.get();
        if (newest == Long.MIN_VALUE) {
            return Double.NaN;
        }
        Instant now = clock.instant();
        return Duration.between(Instant.ofEpochSecond(0, newest), now).toNanos() / 1e9;
    }
}
