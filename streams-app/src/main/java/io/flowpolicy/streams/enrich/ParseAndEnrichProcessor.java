package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.streams.metrics.PipelineCounters;
import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.parse.ParseResult;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Parses a raw line and attributes it; forwards the flow keyed by source namespace, or the rejection keyed as the
 * line was. Never throws on input: what cannot be used is a rejection with its reason.
 */
public final class ParseAndEnrichProcessor implements Processor<String, RawLine, String, Routed> {
    private final String inventoryStoreName;
    private final CalicoLineParser parser;
    private final List<String> nodeLabels;
    private final PipelineCounters counters;
    private ProcessorContext<String, Routed> context;
    private FlowEnricher enricher;

    public ParseAndEnrichProcessor(String inventoryStoreName, CalicoLineParser parser, List<String> nodeLabels) {
        this(inventoryStoreName, parser, nodeLabels, PipelineCounters.NONE);
    }

    public ParseAndEnrichProcessor(String inventoryStoreName, CalicoLineParser parser, List<String> nodeLabels,
                                   PipelineCounters counters) {
        this.inventoryStoreName = inventoryStoreName;
        this.parser = parser;
        this.nodeLabels = nodeLabels;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.enricher = new FlowEnricher(new InventoryStoreLookup(valuesOf(context.getStateStore(inventoryStoreName))),
            nodeLabels);
    }

    @Override
    public void process(Record<String, RawLine> record) {
        RawLine raw = record.value();
        if (raw == null) {
            return;
        }
        counters.lineProcessed();
        ParseResult result = parser.parse(raw.line());
        if (result instanceof ParseResult.Parsed parsed) {
            EnrichedFlow flow = enricher.enrich(raw, parsed.flow());
            // The flow's own time is the record time downstream, whatever timestamp type the raw topic has, so
            // the tracker's stream time and retention are in flow time.
            context.forward(record.withKey(flow.srcNamespace()).withValue(Routed.flow(flow))
                .withTimestamp(Timestamps.toMillis(flow.ts())));
        } else if (result instanceof ParseResult.Rejected rejected) {
            counters.lineRejected(rejected.reason());
            context.forward(record.withValue(Routed.rejected(
                new RejectedLine(rejected.reason(), rejected.detail(), raw.line(), raw.ts(), raw.labels()))));
        }
    }

    /** The inventory global store is a plain key-value store of {@link InventoryRecord}s. */
    private static ReadOnlyKeyValueStore<String, InventoryRecord> valuesOf(Object store) {
        @SuppressWarnings("unchecked")
        var typed = (ReadOnlyKeyValueStore<String, InventoryRecord>) store;
        return typed;
    }
}
