package io.flowpolicy.local;

import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.ingest.TrailingCursor;
import io.flowpolicy.ingest.metrics.IngestMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs {@code ingest --dns}: the DNS query source beside the flow source, each with its own checkpoint. The streams
 * app names a flow only by queries it has already seen, so the queries go first: a backfill reads them before the
 * flows; following runs both at once, the flows reading only up to what the queries had committed {@code lead}
 * ago, and stops both when either fails.
 */
final class DnsAlongside {
    private final LokiIngest flows;
    private final LokiIngest dns;
    private final AtomicReference<LokiIngest.Result> dnsResult = new AtomicReference<>();

    private DnsAlongside(LokiIngest flows, LokiIngest dns) {
        this.flows = flows;
        this.dns = dns;
    }

    /**
     * The flow source of {@code settings} and the DNS source reading {@code dnsQuery} from the same Loki.
     *
     * @param lead while following, how long before the flows of a time the queries of that time are committed
     */
    static DnsAlongside of(LokiIngest.Settings settings, String dnsQuery, Duration lead, IngestMeters meters) {
        // The queries count on meters of their own (flowpolicy_dns_*), beside the flows' and not on them.
        LokiIngest dns = new LokiIngest(settings.dnsQueries(dnsQuery), meters.dnsQueries());
        LokiIngest flows = new LokiIngest(settings, meters,
            new TrailingCursor(dns::committedCursor, lead, Clock.systemUTC()));
        return new DnsAlongside(flows, dns);
    }

    /**
     * Blocks like {@link LokiIngest#run}: until the backfill ends, or until {@link #close()} while following.
     *
     * @throws Exception the first failure of either source, after both stopped
     */
    LokiIngest.Result run(boolean backfill, Consumer<String> progress) throws Exception {
        if (backfill) {
            dnsResult.set(dns.run(null));
            return flows.run(progress);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                dnsResult.set(dns.run(null));
            } catch (Exception e) {
                failure.set(e);
                flows.close();
            }
        }, "ingest-dns-queries");
        thread.start();
        LokiIngest.Result result;
        try {
            result = flows.run(progress);
        } finally {
            dns.close();
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result;
    }

    /** The DNS source's result once {@link #run} returned normally. */
    LokiIngest.Result dnsResult() {
        return dnsResult.get();
    }

    /** Stops both sources; safe from any thread. */
    void close() {
        dns.close();
        flows.close();
    }
}
