package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

class ConsumerGroupProgressTest {
    private static final String GROUP = "flowpolicy-local";

    @Test
    void shouldWaitForTheGroupsOwnOpenTransactionButNotForAnotherProducersOpenOne() {
        assertTrue(ConsumerGroupProgress.holdsBack(listing(GROUP + "-0_1", TransactionState.ONGOING), GROUP));
        assertFalse(ConsumerGroupProgress.holdsBack(listing("flowpolicy-ingest-file-ab", TransactionState.ONGOING),
            GROUP));
    }

    @Test
    void shouldWaitForAnyTransactionWhoseMarkersAreStillBeingWrittenSinceItsRecordsAreNotYetVisible() {
        for (TransactionState ending : new TransactionState[] {TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE}) {
            assertTrue(ConsumerGroupProgress.holdsBack(listing("flowpolicy-ingest-file-ab", ending), GROUP));
            assertTrue(ConsumerGroupProgress.holdsBack(listing(GROUP + "-0_1", ending), GROUP));
        }
    }

    private static TransactionListing listing(String transactionalId, TransactionState state) {
        return new TransactionListing(transactionalId, 7L, state);
    }
}
