package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.streams.BusyPunctuation;
import io.flowpolicy.streams.errors.MalformedRecordHandler;
import io.flowpolicy.streams.metrics.PipelineCounters;
import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.parse.ParseResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Parses each raw line of a record and attributes it as of its own time. Flows of the same rule and period
 * ({@link CombineKeys}) are combined and forwarded, keyed by source namespace, when the {@link ForwardSchedule} says
 * so (a new rule within one combine interval): the repeats that make up most of a flow log then cost a map update
 * instead of a record on the enriched topic. They are combined in the {@value #BUFFER_STORE} map, which is written into the changelogged
 * {@value #PENDING_STORE} store before every commit, in the same exactly-once transaction as the consumed offsets, so
 * a crash neither loses nor doubles a combined flow. Rejections are forwarded at once, among them the documents of a
 * record that are not raw lines ({@value MalformedRecordHandler#REASON}). Never throws on input.
 */
public final class ParseAndEnrichProcessor implements Processor<String, RawLines, String, Routed> {
    public static final String PENDING_STORE = "pending-flows";
    public static final String BUFFER_STORE = "pending-flows-buffer";

    private final String inventoryStoreName;
    private final InventoryCache inventoryCache;
    private final CalicoLineParser parser;
    private final List<String> nodeLabels;
    private final Duration combineInterval;
    private final CombineKeys combineKeys;
    private final ForwardSchedule schedule = new ForwardSchedule(ForwardSchedule.DEFAULT_HOLD);
    private final PipelineCounters counters;
    private ProcessorContext<String, Routed> context;
    private FlowEnricher enricher;
    private KeyValueStore<String, EnrichedFlow> pending;
    private PreCommitBuffer<CombineKey, EnrichedFlow> buffer;
    private BusyPunctuation forwarding;

    /** @param combineKeys this processor's own: it is not thread-safe */
    public ParseAndEnrichProcessor(String inventoryStoreName, InventoryCache inventoryCache, CalicoLineParser parser,
                                   List<String> nodeLabels, Duration combineInterval, CombineKeys combineKeys,
                                   PipelineCounters counters) {
        this.inventoryStoreName = inventoryStoreName;
        this.inventoryCache = inventoryCache;
        this.parser = parser;
        this.nodeLabels = nodeLabels;
        this.combineInterval = combineInterval;
        this.combineKeys = combineKeys;
        this.counters = counters;
    }

    /** The in-memory map the processor combines flows in between commits ({@link #BUFFER_STORE}). */
    public static StoreBuilder<PreCommitBuffer<CombineKey, EnrichedFlow>> bufferStore() {
        return PreCommitBuffer.builder(BUFFER_STORE);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        ReadOnlyKeyValueStore<String, InventoryRecord> inventory = context.getStateStore(inventoryStoreName);
        this.enricher = new FlowEnricher(new InventoryStoreLookup(inventory, inventoryCache), nodeLabels);
        this.pending = context.getStateStore(PENDING_STORE);
        this.buffer = context.getStateStore(BUFFER_STORE);
        buffer.beforeCommit(this::keepUntilForwarded);
        forwarding = new BusyPunctuation(context, combineInterval, this::forwardPending);
        forwarding.startIfAny(pending);
    }

    @Override
    public void process(Record<String, RawLines> record) {
        RawLines lines = record.value();
        if (lines == null) {
            return;
        }
        schedule.inputSeen();
        forwarding.start();
        for (RawLine raw : lines.lines()) {
            processLine(record, raw);
        }
        for (RawLines.Malformed bad : lines.malformed()) {
            counters.lineRejected(MalformedRecordHandler.REASON);
            context.forward(record.withValue(Routed.rejected(new RejectedLine(MalformedRecordHandler.REASON,
                "document " + bad.document() + " of the record at " + position() + " is not a raw line: "
                    + bad.problem(), bad.text(), null, null))));
        }
    }

    private void processLine(Record<String, RawLines> record, RawLine raw) {
        counters.lineProcessed();
        ParseResult result = parser.parse(raw.line());
        if (result instanceof ParseResult.Parsed parsed) {
            EnrichedFlow flow = enricher.enrich(raw, parsed.flow());
            buffer.merge(combineKeys.of(flow), flow, EnrichedFlow::combine);
        } else if (result instanceof ParseResult.Rejected rejected) {
            counters.lineRejected(rejected.reason());
            context.forward(record.withValue(Routed.rejected(
                new RejectedLine(rejected.reason(), rejected.detail(), raw.line(), raw.ts(), raw.labels()))));
        }
    }

    /** The input record's topic, partition and offset, as the deserialization handler names a refused record. */
    private String position() {
        return context.recordMetadata()
            .map(m -> MalformedRecordHandler.position(m.topic(), m.partition(), m.offset()))
            .orElse("(unknown position)");
    }

    /** Before a commit: what the buffer combined is kept in the changelogged store until it is forwarded. */
    private void keepUntilForwarded(Map<CombineKey, EnrichedFlow> combined) {
        combined.forEach((combineKey, flow) -> {
            String key = combineKey.text();
            EnrichedFlow before = pending.get(key);
            pending.put(key, before == null ? flow : before.combine(flow));
        });
    }

    /**
     * Forwards the combined flows the schedule lets go, with the earliest flow's time as the record time, in time
     * order: the tracker takes a rule's first record as its first sighting, so a later day of a rule must not overtake
     * an earlier one (the buffer is a hash map; the store is ordered by key).
     *
     * @return false when it forwarded everything pending, true when it may have held repeats back for a later tick
     */
    private boolean forwardPending(long now) {
        boolean all = schedule.forwardAll(now);
        List<KeyValue<String, EnrichedFlow>> ready = new ArrayList<>();
        try (KeyValueIterator<String, EnrichedFlow> kept = pending.all()) {
            kept.forEachRemaining(entry -> {
                if (all || schedule.isNew(entry.key)) {
                    ready.add(entry);
                }
            });
        }
        ready.forEach(entry -> pending.delete(entry.key));
        buffer.drainTo(key -> all || schedule.isNew(key.text()),
            (key, flow) -> ready.add(KeyValue.pair(key.text(), flow)));
        ready.sort(Comparator.comparingLong(entry -> entry.value.ts()));
        ready.forEach(entry -> forward(entry.key, entry.value));
        return !all;
    }

    private void forward(String key, EnrichedFlow flow) {
        schedule.forwarded(key);
        // The flow's own time is the record time downstream, whatever timestamp type the raw topic has, so the
        // tracker's stream time and retention are in flow time.
        context.forward(new Record<>(flow.srcNamespace(), Routed.flow(flow), Timestamps.toMillis(flow.ts())));
    }

    @Override
    public void close() {
        // Nothing to flush by hand: the buffer is written into the changelogged store before the task's last commit,
        // and what is pending there is forwarded after a restart.
    }
}
