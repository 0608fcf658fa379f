/**
 * Reads Calico flow-log lines from Grafana Loki's {@code query_range} API, every entry exactly once.
 *
 * <p>How the parts fit:
 * <ul>
 *   <li>{@link io.flowpolicy.ingest.loki.LokiClient} sends one forward {@code query_range} request
 *       (tenant header, Basic or Bearer auth, timeouts) and classifies failures as
 *       {@link io.flowpolicy.ingest.loki.LokiQueryException}s, retryable or with a hint naming the
 *       option to fix. It implements {@link io.flowpolicy.ingest.loki.LokiQuerier}, the seam tests fake.</li>
 *   <li>{@link io.flowpolicy.ingest.loki.LokiRangeReader} cuts [from, to) into windows aligned to the
 *       split interval, reads a few in parallel, and delivers them in order to a
 *       {@link io.flowpolicy.ingest.loki.WindowSink}, which commits lines and cursor together.
 *       Inside, {@code WindowPager} pages one window forward ({@code PageSpan} halves a range that
 *       timed out, {@code ServerEntryLimit} lowers the page size to the server's limit),
 *       {@code BoundaryFilter} drops the
 *       entries a page repeats at its start timestamp, {@code RetryingQuerier} retries with backoff
 *       and {@code AdaptiveLimiter} lowers parallelism on 429.</li>
 *   <li>{@link io.flowpolicy.ingest.loki.LokiFollower} repeats the read for [cursor, now − lag)
 *       every poll interval.</li>
 * </ul>
 *
 * <p>Why not logcli's algorithm as is: logcli pages one long range (which Loki's frontend splits
 * into hundreds of sub-queries and answers 429) and de-duplicates page boundaries by (timestamp,
 * line) only, losing identical lines logged at the same nanosecond by different hosts. Here the
 * key is (timestamp, labels, line).
 */
package io.flowpolicy.ingest.loki;
