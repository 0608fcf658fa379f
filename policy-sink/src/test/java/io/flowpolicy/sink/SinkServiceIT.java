package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.Topics;
import io.flowpolicy.sink.git.GitTarget;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.render.RenderOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The long-running sink on a real broker, pushing to a bare repository. */
class SinkServiceIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void shouldCommitTheCandidatesOnceReadAndAgainWhenOneChanges() throws Exception {
        TopicAdmin.createAndAwait(KAFKA.bootstrapServers(), TopicLayout.newTopics(2, (short) 1), Duration.ofSeconds(30));
        Path bare = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        publish(policy("affine", "B", "learning", 3, external("9.9.9.9", "TCP", 443)));
        try (PolicyRepository repo = PolicyRepository.open(GitTarget.of(bare.toUri().toString(), dir.resolve("clone"),
                 "main", null, null));
             SinkService service = new SinkService(KAFKA.bootstrapServers(),
                 new PolicySink(RenderOptions.defaults(), ReportSettings.defaults(), repo), Duration.ofMillis(300))) {
            Thread thread = new Thread(service, "sink-under-test");
            thread.start();

            await(() -> subjects(bare), List.of("affine: new (tier B, learning, 1 rule)"));
            publish(policy("affine", "B", "stable", 4, external("9.9.9.9", "TCP", 443)));
            await(() -> subjects(bare), List.of("affine: learning → stable", "affine: new (tier B, learning, 1 rule)"));

            service.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    private static void publish(CandidatePolicy policy) throws Exception {
        try (KafkaProducer<String, CandidatePolicy> producer = new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()), Topics.CANDIDATE_POLICIES.keySerde().serializer(),
            Topics.CANDIDATE_POLICIES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.CANDIDATE_POLICIES.name(), policy.namespace(), policy)).get();
        }
    }

    private static List<String> subjects(Path bare) {
        try (Git git = Git.open(bare.toFile())) {
            List<String> subjects = new ArrayList<>();
            if (git.getRepository().resolve("refs/heads/main") != null) {
                git.log().call().forEach((RevCommit c) -> subjects.add(c.getShortMessage()));
            }
            return subjects;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void await(Supplier<T> actual, T expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertEquals(expected, last);
    }
}
