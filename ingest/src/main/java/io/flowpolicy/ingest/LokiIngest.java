package io.flowpolicy.ingest;

import io.flowpolicy.ingest.kafka.CheckpointStore;
import io.flowpolicy.ingest.loki.LokiClient;
import io.flowpolicy.ingest.loki.LokiClientConfig;
import io.flowpolicy.ingest.loki.LokiFollower;
import io.flowpolicy.ingest.loki.LokiQuerier;
import io.flowpolicy.ingest.loki.LokiRangeReader;
import io.flowpolicy.ingest.loki.LokiReaderConfig;
import io.flowpolicy.ingest.loki.LokiReaderStats;
import io.flowpolicy.ingest.loki.Sleeper;
import io.flowpolicy.ingest.loki.WindowSink;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.Sha256;
import io.flowpolicy.model.Timestamps;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a Loki query's lines to the raw topic, resuming at the source's committed checkpoint: a backfill of
 * [from, to) when {@code to} is set, otherwise a backfill up to now − lag followed by polling until
 * {@link #close()}. A backfill, too, reads no later than now − lag, since Loki still accepts lines that
 * much behind: one whose {@code to} is later reads up to now − lag, then waits until {@code to} + lag has passed
 * and reads the rest, so that it ends with every line before {@code to}.
 *
 * <p>Each window's lines and its end cursor commit in one transaction under a transactional id derived from
 * the source (Loki URL, tenant, Basic auth user, query), so a restarted ingest fences a crashed one and a
 * read_committed reader sees every line exactly once. {@link #run} blocks; {@link #close()} may be called from
 * any thread. Following can be held behind another source ({@link TrailingCursor}), which reads this one's
 * {@link #committedCursor()}.
 */
public final class LokiIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LokiIngest.class);
    private static final Duration CHECKPOINT_READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to read and where to publish it.
     *
     * @param from         where to start when there is no later checkpoint; null = only from the checkpoint
     * @param to           the exclusive end of a backfill, read once now − lag has passed it (unless
     *                     {@code oneOff}); null = follow after catching up
     * @param lag          how far behind now reading stays (Loki's out-of-order window)
     * @param pollInterval how often following asks for new lines
     * @param nodeLabels   label names tried, in order, for the record key
     * @param target       the topic the lines go to
     * @param oneOff       a read that no later run resumes ({@code analyze}): its backfill reads up to {@code to}
     *                     at once, even past now − lag
     * @param fromIfNew    {@code from} only starts a source without a checkpoint; with one, reading resumes at the
     *                     checkpoint even when {@code from} is later (a start relative to now, {@code --from 7d})
     */
    public record Settings(String bootstrapServers, LokiClientConfig client, LokiReaderConfig reader, Instant from,
                           Instant to, Duration lag, Duration pollInterval, List<String> nodeLabels, Target target,
                           boolean oneOff, boolean fromIfNew) {
        public Settings {
            target = target == null ? Target.FLOWS : target;
            Objects.requireNonNull(bootstrapServers, "--bootstrap-servers");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(reader, "reader");
            if (lag == null || lag.isNegative()) {
                throw new IllegalArgumentException("--lag must not be negative: " + lag);
            }
            if (from != null && to != null && !to.isAfter(from)) {
                throw new IllegalArgumentException("--to " + to + " must be after --from " + from);
            }
            nodeLabels = List.copyOf(nodeLabels);
        }

        /** Flow lines to the raw topic, resumable. */
        public Settings(String bootstrapServers, LokiClientConfig client, LokiReaderConfig reader, Instant from,
                        Instant to, Duration lag, Duration pollInterval, List<String> nodeLabels) {
            this(bootstrapServers, client, reader, from, to, lag, pollInterval, nodeLabels, Target.FLOWS, false, false);
        }

        /**
         * The same, with {@code from} only where a source without a checkpoint starts: a checkpoint always wins, so a
         * restart after an outage of any length reads on from it (for a start relative to now, such as 7 days ago).
         */
        public Settings withFromIfNew() {
            return new Settings(bootstrapServers, client, reader, from, to, lag, pollInterval, nodeLabels, target,
                oneOff, true);
        }

        /** The same Loki, range and pace, reading CoreDNS query lines with {@code query} to the DNS queries topic. */
        public Settings dnsQueries(String query) {
            return new Settings(bootstrapServers, client, reader.withQuery(query), from, to, lag, pollInterval,
                nodeLabels, Target.DNS_QUERIES, oneOff, fromIfNew);
        }

        /** The same read as a one-off that no later run resumes: a backfill reads up to {@code to} at once. */
        public Settings asOneOff() {
            return new Settings(bootstrapServers, client, reader, from, to, lag, pollInterval, nodeLabels, target,
                true, fromIfNew);
        }

        /**
         * The checkpoint key: stable for the same Loki, tenant, Basic auth user, query and target, different
         * otherwise. DNS sources are prefixed so that their checkpoint and transactional id never meet a flow
         * source's.
         */
        public String sourceId() {
            return prefixed(LokiIngest.sourceId(client.baseUrl(), client.tenant(), client.basicAuthUser(),
                reader.query()));
        }

        /**
         * The id a source with a Basic auth user had before the user was part of it, whose checkpoint its first run
         * after the upgrade resumes from; empty without a user, whose id did not change.
         */
        Optional<String> idBeforeBasicAuthUserCounted() {
            return client.basicAuthUser() == null ? Optional.empty()
                : Optional.of(prefixed(LokiIngest.sourceId(client.baseUrl(), client.tenant(), reader.query())));
        }

        private String prefixed(String id) {
            return target == Target.DNS_QUERIES ? "dns-" + id : id;
        }
    }

    /** Where a source's lines are published. */
    public enum Target {
        /** Calico flow lines, to the raw topic. */
        FLOWS,
        /** CoreDNS query lines, to {@code flowpolicy.dns.queries} (docs/dns.md). */
        DNS_QUERIES
    }

    /**
     * @param published   lines committed by this run
     * @param startNanos  where this run started reading (the checkpoint when it was later than {@code from})
     * @param cursorNanos the committed cursor when the run ended
     * @param resumed     whether a checkpoint decided the start
     */
    public record Result(long published, long startNanos, long cursorNanos, boolean resumed, LokiReaderStats stats) {
    }

    private final Settings settings;
    private final LokiQuerier querier;
    private final Clock clock;
    private final Sleeper sleeper;
    private final IngestMeters meters;
    private final LongSupplier followLimit;
    private final LokiReaderStats stats = new LokiReaderStats();
    private final Object lock = new Object();
    private LokiFollower follower;
    private volatile boolean closed;
    private volatile long committed = TrailingCursor.NOTHING;

    public LokiIngest(Settings settings) {
        this(settings, IngestMeters.unexported());
    }

    /** Counting its work on {@code meters}, which also get the producer's client metrics. */
    public LokiIngest(Settings settings, IngestMeters meters) {
        this(settings, meters, () -> Long.MAX_VALUE);
    }

    /**
     * Counting its work on {@code meters}; following reads no further than {@code followLimit} allows.
     *
     * @param followLimit asked before each poll while following: the latest window end (epoch nanos) it may read
     *                    to, besides now − lag; e.g. a {@link TrailingCursor} behind another source
     */
    public LokiIngest(Settings settings, IngestMeters meters, LongSupplier followLimit) {
        this(settings, new LokiClient(settings.client()), Clock.systemUTC(), Sleeper.SYSTEM, meters, followLimit);
    }

    /** With an injected Loki, clock and sleeper. */
    public LokiIngest(Settings settings, LokiQuerier querier, Clock clock, Sleeper sleeper) {
        this(settings, querier, clock, sleeper, IngestMeters.unexported());
    }

    /** With an injected Loki, clock, sleeper and meters. */
    public LokiIngest(Settings settings, LokiQuerier querier, Clock clock, Sleeper sleeper, IngestMeters meters) {
        this(settings, querier, clock, sleeper, meters, () -> Long.MAX_VALUE);
    }

    /** With an injected Loki, clock, sleeper, meters and follow limit. */
    public LokiIngest(Settings settings, LokiQuerier querier, Clock clock, Sleeper sleeper, IngestMeters meters,
                      LongSupplier followLimit) {
        this.settings = settings;
        this.querier = querier;
        this.clock = clock;
        this.sleeper = sleeper;
        this.meters = meters;
        this.followLimit = Objects.requireNonNull(followLimit, "followLimit");
        meters.bind(stats);
    }

    /**
     * Reads and publishes until the backfill ends, or in follow mode until {@link #close()}.
     *
     * @param progress receives backfill progress reports, or null for none
     * @throws io.flowpolicy.ingest.loki.LokiQueryException a request failed for good (e.g. HTTP 400); every window
     *                                                      before it is committed
     * @throws IllegalArgumentException                     no {@code from} and no checkpoint to resume from
     */
    public Result run(Consumer<String> progress) throws Exception {
        String sourceId = settings.sourceId();
        try (SourcePublishing kafka = SourcePublishing.open(settings, sourceId, clock, meters)) {
            Optional<IngestCheckpoint> checkpoint = checkpoint(sourceId);
            long start = start(sourceId, checkpoint);
            committed = start;
            boolean resumed = checkpoint.isPresent() && (settings.from() == null || settings.fromIfNew()
                || checkpoint.get().cursor() > Timestamps.toNanos(settings.from()));
            checkpoint.ifPresent(c -> meters.resumedAt(c.cursor()));
            long end = settings.to() != null ? Timestamps.toNanos(settings.to()) : lagEnd();
            WindowSink sink = stoppable(progress == null || start >= end ? kafka
                : new BackfillProgress(kafka, start, end, progress, System::nanoTime, Duration.ofSeconds(1)));
            LOG.info("ingest of source {} ({}, {} query {}) from {}{}", sourceId, settings.client(), settings.target(),
                settings.reader().query(), Timestamps.ofNanos(start), resumed ? " (resumed at its checkpoint)" : "");
            if (settings.to() != null) {
                backfill(start, end, sink);
            } else {
                follow(start, sink);
            }
            long cursor = kafka.cursor() < 0 ? start : kafka.cursor();
            LOG.info("ingest of source {} ended: {} lines published, cursor {}; {}", sourceId, kafka.published(),
                Timestamps.ofNanos(cursor), stats);
            return new Result(kafka.published(), start, cursor, resumed, stats);
        }
    }

    /**
     * The source's checkpoint or, when it has none, the one its id had before the Basic auth user counted, so that
     * the first run after that upgrade neither reads again nor skips. The topic is read once for both.
     */
    private Optional<IngestCheckpoint> checkpoint(String sourceId) {
        Map<String, IngestCheckpoint> all = CheckpointStore.readAll(settings.bootstrapServers(),
            CHECKPOINT_READ_TIMEOUT);
        Optional<String> earlierId = settings.idBeforeBasicAuthUserCounted();
        if (all.containsKey(sourceId) || earlierId.isEmpty() || !all.containsKey(earlierId.get())) {
            return Optional.ofNullable(all.get(sourceId));
        }
        IngestCheckpoint earlier = all.get(earlierId.get());
        LOG.info("source {} has no checkpoint yet; resuming from the checkpoint {} of {}, its id before the Basic "
            + "auth user was part of it", sourceId, Timestamps.ofNanos(earlier.cursor()), earlierId.get());
        return Optional.of(earlier);
    }

    private long start(String sourceId, Optional<IngestCheckpoint> checkpoint) {
        if (checkpoint.isEmpty() && settings.from() == null) {
            throw new IllegalArgumentException("--from is required: source " + sourceId + " has no checkpoint yet; "
                + "pass where to start, e.g. --from 2026-05-18T00:00:00Z or --from 7d (a week before now)");
        }
        if (checkpoint.isPresent() && settings.fromIfNew()) {
            return checkpoint.get().cursor();
        }
        long from = settings.from() == null ? Long.MIN_VALUE : Timestamps.toNanos(settings.from());
        return Math.max(from, checkpoint.map(IngestCheckpoint::cursor).orElse(Long.MIN_VALUE));
    }

    private long lagEnd() {
        return Timestamps.toNanos(clock.instant()) - settings.lag().toNanos();
    }

    /**
     * Reads [start, end). What is later than now − lag is read only once now − lag has passed it (a one-off reads it
     * at once): a window committed earlier would be skipped by a later run, although Loki may still receive its lines.
     */
    private void backfill(long start, long end, WindowSink sink) throws Exception {
        if (start >= end) {
            LOG.info("nothing to read: the checkpoint {} is at or after --to {}", Timestamps.ofNanos(start),
                settings.to());
            return;
        }
        LokiRangeReader reader = new LokiRangeReader(querier, settings.reader(), stats, sleeper);
        try {
            long read = start;
            boolean told = false;
            while (true) {
                long settled = settings.oneOff() ? end : Math.min(end, lagEnd());
                if (settled > read) {
                    reader.read(read, settled, sink);
                    read = settled;
                }
                if (read >= end) {
                    return;
                }
                if (!told) {
                    LOG.info("read up to {} = now - lag {}; waiting until {} (--to + --lag) for the lines Loki may still "
                        + "receive before --to", Timestamps.ofNanos(read), BackfillProgress.human(settings.lag()),
                        settings.to().plus(settings.lag()));
                    told = true;
                }
                awaitLag(end);
            }
        } catch (Stopped e) {
            LOG.info("backfill stopped before its end; the next run resumes at the checkpoint");
        }
    }

    /** Sleeps until now − lag reaches {@code end}, a poll interval at a time, so that {@link #close()} is heard. */
    private void awaitLag(long end) throws InterruptedException, Stopped {
        for (long remaining = end - lagEnd(); remaining > 0; remaining = end - lagEnd()) {
            sleeper.sleep(Duration.ofNanos(Math.min(remaining, settings.pollInterval().toNanos())));
            if (closed) {
                throw new Stopped();
            }
        }
    }

    private void follow(long start, WindowSink sink) throws Exception {
        LokiFollower f = new LokiFollower(querier, settings.reader(), settings.lag(), settings.pollInterval(),
            followLimit, clock, sleeper, stats);
        synchronized (lock) {
            if (closed) {
                return;
            }
            follower = f;
        }
        f.run(start, sink);
    }

    /** Stops before the next commit, or while waiting; the transaction being committed commits or is aborted. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (follower != null) {
                follower.close();
            }
        }
    }

    /**
     * Where this source's lines are complete while it runs: every line before it is committed, by this run or an
     * earlier one (the start until the first window commits); {@link TrailingCursor#NOTHING} until {@link #run}
     * has read the checkpoint. Safe from any thread.
     */
    public long committedCursor() {
        return committed;
    }

    private WindowSink stoppable(WindowSink sink) {
        return (lines, end) -> {
            if (closed && settings.to() != null) {
                throw new Stopped();
            }
            sink.accept(lines, end);
            committed = end;
        };
    }

    /** The source id of a source without a Basic auth user: {@link #sourceId(URI, String, String, String)}. */
    public static String sourceId(URI lokiUrl, String tenant, String query) {
        return sourceId(lokiUrl, tenant, null, query);
    }

    /**
     * The source id: a readable host prefix plus a hash of URL, tenant, Basic auth user and query, since the query
     * itself may hold characters that are awkward in a transactional id and the pair must change when any of them
     * changes. The user counts because Grafana Enterprise Logs selects the tenants by it; without one, the id is
     * the one sources had before the user counted, so their checkpoints keep working.
     *
     * @param basicAuthUser the Basic auth user, or null
     */
    public static String sourceId(URI lokiUrl, String tenant, String basicAuthUser, String query) {
        String identity = lokiUrl + "\n" + (tenant == null ? "" : tenant) + "\n" + query;
        if (basicAuthUser != null) {
            // In front and with its length, so no user and query can spell another pair's identity, nor one
            // without a user (those begin with the URL's scheme).
            identity = "basic-auth-user " + basicAuthUser.length() + " " + basicAuthUser + "\n" + identity;
        }
        return "loki-" + lokiUrl.getHost() + "-" + Sha256.hex16(identity.getBytes(StandardCharsets.UTF_8));
    }

    /** Unwinds a backfill after {@link #close()}; windows before it are committed. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("ingest stopped", null, false, false);
        }
    }
}
