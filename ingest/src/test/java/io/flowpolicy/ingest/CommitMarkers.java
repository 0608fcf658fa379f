package io.flowpolicy.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * For tests that read a topic right after a producer committed: commitTransaction returns before the broker has
 * written the markers that make the transaction visible to a read_committed reader. Public, and shipped in the
 * ingest test-jar, for the tests of module local.
 */
public final class CommitMarkers {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private CommitMarkers() {
    }

    /** Waits, polling, until no transaction on the cluster is still being committed or aborted. */
    public static void awaitWritten(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!admin.listTransactions(new ListTransactionsOptions().filterStates(
                List.of(TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT))).all().get().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("a transaction is still being committed or aborted after " + TIMEOUT);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
