package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How Kafka tells a transactional producer that another took its id over, in the shapes an ingest meets it. */
class TakenOverTest {
    @Test
    void shouldRecognizeAFencedProducerHoweverTheClientWrapsIt() {
        assertTrue(TakenOver.is(new ProducerFencedException("fenced")));
        assertTrue(TakenOver.is(new KafkaException("commit failed", new ProducerFencedException("fenced"))));
        InvalidProducerEpochException epoch = new InvalidProducerEpochException("epoch");
        assertTrue(TakenOver.is(new IllegalStateException("send failed", epoch)));
        KafkaException withSuppressed = new KafkaException("abort failed");
        withSuppressed.addSuppressed(new ProducerFencedException("fenced"));
        assertTrue(TakenOver.is(withSuppressed));
    }

    @Test
    void shouldNotTakeOtherFailuresForATakeOver() {
        assertFalse(TakenOver.is(new KafkaException("broker down", new TimeoutException("timeout"))));
        assertFalse(TakenOver.is(new IllegalStateException("bug")));
    }
}
