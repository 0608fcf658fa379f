package io.flowpolicy.streams.metrics;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's metrics: one Prometheus registry per service instance (no global registry, so tests can run several
 * services in one JVM), with the pipeline counters, Kafka Streams client metrics and JVM metrics, served by
 * {@link #handler()} in the Prometheus text format.
 */
public final class ServiceMetrics implements AutoCloseable {
    private final PrometheusEndpoint endpoint = new PrometheusEndpoint();
    private final MeterCounters counters = new MeterCounters(endpoint.registry());
    private KafkaStreamsMetrics streamsMetrics;

    public PipelineCounters counters() {
        return counters;
    }

    /** Exposes the client metrics of {@code streams} (threads, tasks, consumers, producers, stores). */
    public synchronized void bind(KafkaStreams streams) {
        if (streamsMetrics != null) {
            throw new IllegalStateException("Kafka Streams metrics already bound");
        }
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(endpoint.registry());
    }

    public PrometheusMeterRegistry registry() {
        return endpoint.registry();
    }

    /** {@code GET /metrics}: the Prometheus text exposition format. */
    public HttpHandler handler() {
        return endpoint.handler();
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        endpoint.close();
    }
}
