package io.flowpolicy.model;

import org.apache.kafka.common.serialization.Serde;

/** A Kafka topic with the serdes of its key and value; every topic of the pipeline is named once, in {@link Topics}. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
