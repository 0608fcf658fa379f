package io.flowpolicy.ingest.loki;

/**
 * Bounds concurrent requests; halves the bound on 429 and grows it back by one after a run of
 * successes, so a busy query frontend sees less load quickly and full speed returns slowly.
 */
final class AdaptiveLimiter {

    static final int SUCCESSES_TO_GROW = 20;

    private final int max;
    private final LokiReaderStats stats;
    private int limit;
    private int inFlight;
    private int successes;

    AdaptiveLimiter(int max, LokiReaderStats stats) {
        this.max = max;
        this.stats = stats;
        this.limit = max;
        stats.recordParallelism(limit);
    }

    synchronized void acquire() throws InterruptedException {
        while (inFlight >= limit) {
            wait();
        }
        inFlight++;
    }

    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    synchronized void onThrottled() {
        limit = Math.max(1, limit / 2);
        successes = 0;
        stats.recordParallelism(limit);
    }

    synchronized void onSuccess() {
        if (limit < max && ++successes >= SUCCESSES_TO_GROW) {
            limit++;
            successes = 0;
            stats.recordParallelism(limit);
            notifyAll();
        }
    }

    synchronized int limit() {
        return limit;
    }
}
