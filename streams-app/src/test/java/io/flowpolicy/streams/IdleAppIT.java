package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that has processed everything commits nothing until new lines come (under exactly-once every commit is a
 * transaction, and a punctuation that ticked while idle made one per stream thread every commit interval), and picks
 * the new lines up as before.
 */
class IdleAppIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String APP = "idle-it";
    /** Five publish intervals and ten commit intervals of exactly-once without a commit: the app is idle. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void shouldCommitNothingWhileIdleAndProcessLinesThatComeAfterwards() throws Exception {
        BrokerFixture broker = new BrokerFixture(KAFKA.bootstrapServers(), 2);
        ShopSample.feed(broker);
        try (StreamsService app = new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(), APP,
            dir, 2, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", TopologySettings.defaults()))) {
            app.start();
            broker.awaitProcessed(APP, Duration.ofSeconds(120), app);
            awaitQuiet(app, Duration.ofSeconds(30));

            broker.lines(List.of(ShopSample.line(ShopSample.T0.plusSeconds(60), 9090)));
            broker.awaitProcessed(APP, Duration.ofSeconds(120), app);
            awaitQuiet(app, Duration.ofSeconds(30));
        }

        List<Integer> newPorts = TopicReader.readAll(KAFKA.bootstrapServers(), Topics.NEW_DESTINATIONS,
            Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).map(NewDestination::port).toList();
        assertEquals(List.of(443, 8443, 9090), newPorts);
        NamespaceProfile shop = TopicReader.latestByKey(KAFKA.bootstrapServers(), Topics.PROFILES,
            Duration.ofSeconds(30)).get("shop");
        assertEquals(3, shop.rules(), "the profile published after the idle spell counts the rule it added");
    }

    /** Waits until the app's stream threads have committed nothing for {@link #QUIET}; fails after {@code timeout}. */
    private static void awaitQuiet(StreamsService app, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double commits = commits(app);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET.toNanos()) {
            if (System.nanoTime() > deadline) {
                fail("the app committed " + commits + " times and never stayed " + QUIET + " without a commit");
            }
            Thread.sleep(50);
            double now = commits(app);
            if (now != commits) {
                commits = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Commits of all stream threads so far (Kafka Streams' thread metric {@code commit-total}). */
    private static double commits(StreamsService app) {
        return app.streams().metrics().entrySet().stream()
            .filter(e -> e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals("commit-total"))
            .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
            .sum();
    }
}
