package io.flowpolicy.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class one real Kafka broker on 127.0.0.1.
 *
 * <p>Register it as {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 * and use {@link #bootstrapServers()}. By default the broker runs in-process (KRaft). When the system property
 * {@value #EXTERNAL_PROPERTY} names a bootstrap address (for example a broker in a container started by the
 * developer), the same tests run against that broker instead and nothing is started here.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String EXTERNAL_PROPERTY = "flowpolicy.test.bootstrap";

    private EmbeddedKafkaBroker broker;
    private Path dataDir;
    private String external;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        external = System.getProperty(EXTERNAL_PROPERTY, "").trim();
        if (!external.isEmpty()) {
            return;
        }
        // A fatal error inside the in-process broker calls Exit.halt, which would kill the whole test JVM.
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("embedded broker halted (" + status + "): " + message);
        });
        dataDir = Files.createTempDirectory("kafka-" + context.getRequiredTestClass().getSimpleName());
        broker = new EmbeddedKafkaBroker(dataDir).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
            WorkDirectories.deleteRecursively(dataDir);
        }
    }

    public String bootstrapServers() {
        return external != null && !external.isEmpty() ? external : broker.bootstrapServers();
    }

    /** The in-process broker, for tests that stop and restart it; null when running against an external one. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }
}
