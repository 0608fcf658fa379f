package io.flowpolicy.ingest.loki;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counters of a reader's work, safe to read from any thread while it runs; no metrics library so
 * the caller can bridge them to whatever it exports.
 */
public final class LokiReaderStats {
    /**
     * Error classes worth exporting before they first happen, so a rate over them starts at zero rather than at
     * the first failure; other classes ({@code http_NNN}) are reported to listeners when first seen.
     */
    public static final List<String> COMMON_ERROR_CLASSES =
            List.of("connect", "timeout", "io", "bad_response", "http_429", "http_500", "http_502", "http_503",
                    "http_504");

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder splits = new LongAdder();
    private final LongAdder entries = new LongAdder();
    private final LongAdder windows = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger parallelism = new AtomicInteger();
    private final List<Consumer<String>> errorClassListeners = new CopyOnWriteArrayList<>();

    /** HTTP requests sent, including retries. */
    public long requests() {
        return requests.sum();
    }

    /** Requests repeated after a retryable failure. */
    public long retries() {
        return retries.sum();
    }

    /** Requests that timed out or were refused as reading too much, asked again for half their range. */
    public long splits() {
        return splits.sum();
    }

    /** Entries delivered to the sink. */
    public long entries() {
        return entries.sum();
    }

    /** Sink calls: consecutive windows delivered as one group (a Kafka transaction each), or one window alone. */
    public long windows() {
        return windows.sum();
    }

    /** Failed requests of one class (e.g. {@code http_429}, {@code timeout}). */
    public long errors(String errorClass) {
        LongAdder a = errors.get(errorClass);
        return a == null ? 0 : a.sum();
    }

    /** All failed requests. */
    public long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted snapshot of failures by class. */
    public Map<String, Long> errorsByClass() {
        Map<String, Long> snapshot = new TreeMap<>();
        errors.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** The current allowed number of concurrent requests (lowered on 429). */
    public int parallelism() {
        return parallelism.get();
    }

    void recordRequest() {
        requests.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    void recordSplit() {
        splits.increment();
    }

    /**
     * Calls {@code listener} with every error class seen so far and then with each new one, once, on the thread
     * that first records it; a metrics bridge registers one meter per class this way.
     */
    public void onErrorClass(Consumer<String> listener) {
        errorClassListeners.add(listener);
        errors.keySet().forEach(listener);
    }

    void recordError(String errorClass) {
        LongAdder adder = errors.get(errorClass);
        if (adder == null) {
            LongAdder created = new LongAdder();
            adder = errors.putIfAbsent(errorClass, created);
            if (adder == null) {
                adder = created;
                errorClassListeners.forEach(l -> l.accept(errorClass));
            }
        }
        adder.increment();
    }

    void recordWindow(int entryCount) {
        windows.increment();
        entries.add(entryCount);
    }

    void recordParallelism(int value) {
        parallelism.set(value);
    }

    @Override
    public String toString() {
        return "LokiReaderStats{requests=" + requests() + ", retries=" + retries() + ", splits=" + splits()
                + ", entries=" + entries()
                + ", windows=" + windows() + ", errors=" + errorsByClass() + ", parallelism=" + parallelism() + '}';
    }
}
