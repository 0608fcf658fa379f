package io.flowpolicy.local;

import io.flowpolicy.ingest.LokiIngest;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs {@code ingest --dns}: the DNS query source beside the flow source, each with its own checkpoint. A backfill
 * reads the queries first, because the streams app names a flow only by queries it has already seen; following
 * runs both at once and stops both when either fails.
 */
final class DnsAlongside {
    private final LokiIngest flows;
    private final LokiIngest dns;
    private final AtomicReference<LokiIngest.Result> dnsResult = new AtomicReference<>();

    DnsAlongside(LokiIngest flows, LokiIngest dns) {
        this.flows = flows;
        this.dns = dns;
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
