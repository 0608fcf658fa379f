package io.flowpolicy.local;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.kafka.EmbeddedKafkaBroker;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.kafka.WorkDirectories;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.sink.Observation;
import io.flowpolicy.sink.PolicySink;
import io.flowpolicy.sink.ReportSettings;
import io.flowpolicy.sink.git.GitTarget;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.git.Publication;
import io.flowpolicy.sink.render.NameAddresses;
import io.flowpolicy.sink.render.RenderOptions;
import io.flowpolicy.streams.ConsumerGroupProgress;
import io.flowpolicy.streams.StreamsConfigs;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologySettings;
import io.flowpolicy.streams.dns.DnsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole pipeline once in this JVM: an embedded broker, file ingest, the Streams topology and the policy
 * sink, then reads the outputs back and writes summary.json.
 */
final class LocalPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    private static final Duration PROCESSING_TIMEOUT = Duration.ofHours(6);
    /**
     * A finite run ends once its last lines' combined flows are forwarded, tracked and published, which takes a few
     * combine intervals, and is seen to have ended by a poll: shorter than a running app's, both end it sooner.
     */
    private static final Duration COMBINE_INTERVAL = Duration.ofMillis(50);
    private static final Duration END_POLL = Duration.ofMillis(50);
    /**
     * A run reports every rule of its input, however long the input spans: a retention no input outlasts, so no rule
     * goes stale and no flow is too late. With the service's 30 days, an input longer than that lost its oldest
     * rules, and which of its flows were too late depended on how the nodes' lines interleaved on their way to the
     * tracker, so two runs over the same file could differ.
     */
    static final Duration RETENTION = Duration.ofDays(36_500);
    /**
     * A stream thread that fails is replaced and tries the same records again: a run stops after this many failures
     * (a record the broker refuses fails every replacement, each after the group's rebalance, some 45 s) rather
     * than wait for progress that never comes; one failure may be passing (a commit timed out on a loaded machine).
     */
    private static final int MAX_THREAD_FAILURES = 2;
    private static final String APPLICATION_ID = StreamsConfigs.DEFAULT_APPLICATION_ID;
    /**
     * Stream threads of a run, and by default the partitions of its topics: one task of each stage per thread. More
     * partitions on the same threads only add tasks, stores, punctuations and partitions to every transaction (about
     * 7 % more CPU with four; docs/performance.md).
     */
    static final int DEFAULT_STREAM_THREADS = 2;

    /** What to analyse and where to put the results. */
    record Request(FlowSource flows, Path inventory, Path outDir, GitTarget git, RenderOptions render,
                   ReportSettings report, int partitions, int streamThreads, DnsRun dns, String linePrefix) {

        Request {
            dns = dns == null ? DnsRun.NONE : dns;
            linePrefix = linePrefix == null ? TopologySettings.defaults().linePrefix() : linePrefix;
        }

        /** The Streams app's settings for this run. */
        TopologySettings topology() {
            return TopologySettings.defaults().withLinePrefix(linePrefix).withCombineInterval(COMBINE_INTERVAL)
                .withRetention(RETENTION).withDns(dns.settings());
        }

        /** With Calico's default log prefix. */
        Request(FlowSource flows, Path inventory, Path outDir, GitTarget git, RenderOptions render,
                ReportSettings report, int partitions, int streamThreads, DnsRun dns) {
            this(flows, inventory, outDir, git, render, report, partitions, streamThreads, dns, null);
        }

        /** Without DNS naming. */
        Request(FlowSource flows, Path inventory, Path outDir, GitTarget git, RenderOptions render,
                ReportSettings report, int partitions, int streamThreads) {
            this(flows, inventory, outDir, git, render, report, partitions, streamThreads, DnsRun.NONE);
        }

        /** Flows from a file, without DNS naming. */
        Request(Path flows, Path inventory, Path outDir, GitTarget git, RenderOptions render, ReportSettings report,
                int partitions, int streamThreads) {
            this(FlowSource.file(flows), inventory, outDir, git, render, report, partitions, streamThreads);
        }

        /** A local policy repository, default rendering and report. */
        Request(Path flows, Path inventory, Path outDir, Path gitRepo, String branch, int partitions,
                int streamThreads) {
            this(FlowSource.file(flows), inventory, outDir, GitTarget.local(gitRepo, branch), RenderOptions.defaults(),
                ReportSettings.defaults(), partitions, streamThreads);
        }
    }

    /** CoreDNS query lines to name external peers with (docs/dns.md); {@link #NONE} leaves the pipeline as it was. */
    record DnsRun(DnsSource source, DnsSettings settings) {
        static final DnsRun NONE = new DnsRun((DnsSource) null, DnsSettings.disabled());

        /** From a file. */
        DnsRun(Path file, DnsSettings settings) {
            this(file == null ? null : DnsSource.file(file), settings);
        }

        boolean enabled() {
            return source != null && settings.enabled();
        }
    }

    /** The run's summary and the candidates that were committed. */
    record Result(Summary summary, Map<String, CandidatePolicy> candidates) {
    }

    /**
     * Keep serving after the analysis: the service's dashboard, API and /metrics stay up until {@code stop}.
     *
     * @param ready called once the analysis is written, with the dashboard's URL
     */
    record Serving(InetSocketAddress bind, BiConsumer<Result, URI> ready, CountDownLatch stop) {
    }

    private final Consumer<String> warnings;

    LocalPipeline(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    Result run(Request request) throws Exception {
        return run(request, null);
    }

    /** @param serving null to stop after the analysis */
    Result run(Request request, Serving serving) throws Exception {
        Files.createDirectories(request.outDir());
        Path work = Files.createTempDirectory(request.outDir().toAbsolutePath(), ".work-");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(work.resolve("kafka")).start()) {
            String bootstrap = broker.bootstrapServers();
            createTopicsKeepingOldRecords(bootstrap, request.partitions());
            FileIngest ingest = new FileIngest(bootstrap);
            ingest.publishInventory(request.inventory(), warnings);
            FileIngest.Counts counts;
            Summary.Lines dnsLines;
            // Without serving, the API still binds, but to an ephemeral loopback port nobody is told about.
            InetSocketAddress bind = serving != null ? serving.bind()
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try (StreamsService service = new StreamsService(new StreamsService.Settings(bootstrap, APPLICATION_ID,
                work.resolve("streams-state"), request.streamThreads(), bind, "127.0.0.1", request.topology()))) {
                service.start();
                dnsLines = publishDnsFirst(request.dns(), bootstrap, service);
                long started = System.nanoTime();
                counts = request.flows().publish(bootstrap, TopologySettings.defaults().nodeLabels(), warnings);
                awaitProcessed(bootstrap, service);
                Duration processing = Duration.ofNanos(System.nanoTime() - started);
                counts = counts.withProcessing(processing);
                if (serving != null) {
                    Result result = finish(request, bootstrap, counts, dnsLines);
                    serving.ready().accept(result, ServeOptions.dashboardUrl(bind, service.api().port()));
                    serving.stop().await();
                    return result;
                }
            }
            return finish(request, bootstrap, counts, dnsLines);
        } finally {
            WorkDirectories.deleteRecursively(work);
        }
    }

    /**
     * Creates the pipeline's topics without time-based retention, and waits until they are served. Records carry
     * the source timestamp, and the broker's retention check (first run 30 s after start) would otherwise delete
     * lines older than 7 days mid-analysis.
     */
    static void createTopicsKeepingOldRecords(String bootstrap, int partitions) {
        TopicAdmin.createAndAwait(bootstrap, topicsKeepingOldRecords(partitions), Duration.ofSeconds(30));
    }

    private static List<NewTopic> topicsKeepingOldRecords(int partitions) {
        return TopicLayout.newTopics(partitions, (short) 1).stream().map(t -> {
            Map<String, String> configs = new java.util.HashMap<>(t.configs() == null ? Map.of() : t.configs());
            configs.putIfAbsent("retention.ms", "-1");
            return t.configs(configs);
        }).toList();
    }

    /**
     * Queries must be resolved before the flows they name arrive: a flow is only named by queries already seen, so
     * the DNS lines are published and processed completely first.
     *
     * @return the DNS lines read and those rejected, by reason (all of the rejected-lines topic so far, since no flow
     *         line is published yet); null without DNS naming
     */
    private Summary.Lines publishDnsFirst(DnsRun dns, String bootstrap, StreamsService service) throws Exception {
        if (!dns.enabled()) {
            return null;
        }
        long read = dns.source().publish(bootstrap, TopologySettings.defaults().nodeLabels(), warnings);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new ConsumerGroupProgress(admin, APPLICATION_ID).awaitCaughtUp(
                List.of(Topics.DNS_QUERIES.name(), APPLICATION_ID + "-dns-by-name-repartition",
                    Topics.DNS_RESOLUTIONS.name()), PROCESSING_TIMEOUT, Duration.ofMillis(200),
                () -> nothingPending(service));
        }
        Map<String, Long> rejected = PipelineOutputs.rejectedByReason(bootstrap);
        long rejectedCount = PipelineOutputs.total(rejected);
        if (read > rejectedCount
                && !TopicReader.hasRecords(bootstrap, Topics.DNS_RESOLUTIONS, Duration.ofMinutes(2))) {
            // Lines that do not match the pattern, queries from nodes only, or a server that answers nothing all
            // end the same way: no flow can be named, which would otherwise show only as a report without names.
            warnings.accept("none of the " + (read - rejectedCount) + " DNS query lines named an address: no line was "
                + "an answered A or AAAA query from a pod's IP whose name --dns-server resolved (check the lines' form "
                + "against --dns-line-pattern, docs/dns.md, and that the server answers)");
        }
        return new Summary.Lines(read, rejectedCount, rejected);
    }

    private static void awaitProcessed(String bootstrap, StreamsService service) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new ConsumerGroupProgress(admin, APPLICATION_ID).awaitCaughtUp(
                List.of(Topics.RAW_LINES.name(), Topics.ENRICHED_FLOWS.name()), PROCESSING_TIMEOUT, END_POLL,
                () -> nothingPending(service));
        }
    }

    /**
     * Whether the app has nothing left to forward or publish.
     *
     * @throws AnalysisFailedException when it cannot finish: a run would otherwise wait for hours
     */
    private static boolean nothingPending(StreamsService service) {
        service.failure(MAX_THREAD_FAILURES).ifPresent(failure -> {
            throw new AnalysisFailedException(failure);
        });
        return ConsumerGroupProgress.nothingPending(service.streams());
    }

    /** @param dnsLines the DNS lines' counts, whose rejections are not the flow lines'; null without DNS naming */
    private Result finish(Request request, String bootstrap, FileIngest.Counts counts, Summary.Lines dnsLines)
            throws IOException {
        Map<String, CandidatePolicy> candidates =
            TopicReader.latestByKey(bootstrap, Topics.CANDIDATE_POLICIES, Duration.ofMinutes(2));
        PipelineOutputs outputs = PipelineOutputs.read(bootstrap);
        if (dnsLines != null) {
            outputs = outputs.without(dnsLines.byReason());
        }
        Observation observation = counts.minTs() > counts.maxTs()
            ? new Observation(null, null, counts.read(), outputs.rejected())
            : new Observation(Timestamps.ofNanos(counts.minTs()), Timestamps.ofNanos(counts.maxTs()), counts.read(),
                outputs.rejected(), counts.maxExclusive());
        RenderOptions render = request.render();
        if (request.dns().enabled()) {
            render = render.withNameAddresses(NameAddresses.of(
                TopicReader.latestByKey(bootstrap, Topics.DNS_NAMES, Duration.ofMinutes(2)).values()));
        }
        Publication publication;
        try (PolicyRepository repository = PolicyRepository.open(request.git())) {
            publication = new PolicySink(render, request.report(), repository)
                .apply(candidates.values(), outputs.namespaceProfiles(), observation);
        }
        if (candidates.isEmpty()) {
            warnings.accept(noCandidate(counts, outputs) + ": the policy repository " + request.git().displayLocation()
                + " was left as it was");
        }
        if (publication.push() == Publication.PushState.PENDING) {
            warnings.accept("policy repository " + request.git().displayLocation() + " not reached"
                + publication.pushFailure().map(reason -> " (" + reason + ")").orElse("") + "; the commit is kept in "
                + request.git().workDir() + " and pushed by the next run");
        }
        Summary summary = summarize(request, counts, outputs, candidates, publication.commit().orElse(null),
            publication.head().orElse(null), dnsLines);
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter()
            .writeValue(request.outDir().resolve("summary.json").toFile(), summary);
        LOG.info("analysis written to {}", request.outDir());
        return new Result(summary, candidates);
    }

    /** Why a run gave no namespace a candidate policy, as far as its counts tell. */
    private static String noCandidate(FileIngest.Counts counts, PipelineOutputs outputs) {
        if (counts.read() == 0) {
            return "no flow line was read";
        }
        if (outputs.rejected() >= counts.read()) {
            return "all " + counts.read() + " lines were rejected (summary.json lists them by reason)";
        }
        return "no flow came from a pod's namespace (sources the inventory does not know count as _unknown, node "
            + "IPs as _node)";
    }

    private static Summary summarize(Request request, FileIngest.Counts counts, PipelineOutputs outputs,
                                     Map<String, CandidatePolicy> candidates, String commit, String head,
                                     Summary.Lines dnsLines) {
        Map<String, Summary.NamespaceSummary> namespaces = new TreeMap<>();
        Map<String, Summary.NamespaceSummary> unattributed = new TreeMap<>();
        for (NamespaceProfile p : outputs.profiles().values()) {
            (EnrichedFlow.isPodNamespace(p.namespace()) ? namespaces : unattributed).put(p.namespace(),
                new Summary.NamespaceSummary(p.peers(), p.pod(), p.service(), p.node(), p.external(), p.tier(),
                    p.state(), p.daysObserved()));
        }
        var events = FirstSightings.of(outputs.newDestinations(), candidates, outputs.profiles(),
            request.topology().readiness());
        Summary.Window window = counts.minTs() > counts.maxTs() ? new Summary.Window(null, null)
            : new Summary.Window(Timestamps.ofNanos(counts.minTs()), Timestamps.ofNanos(counts.maxTs()));
        return new Summary(window, new Summary.Lines(counts.read(), outputs.rejected(), outputs.rejectedByReason()),
            namespaces, events, request.git().remote() ? request.git().displayLocation()
                : request.git().workDir().toAbsolutePath().toString(), commit, head, unattributed,
            Summary.Performance.measure(counts.read(), counts.processing()), dnsLines);
    }
}
