package io.flowpolicy.local.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Checks docker-compose.yml without a Docker engine: every service's image, command, ports, volumes and
 * environment, and every flowpolicy command line against the real picocli model.
 */
class DockerComposeTest {
    private static final String FLOWPOLICY_IMAGE = "flowpolicy:latest";
    private static Path root;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws Exception {
        root = RepositoryFiles.root();
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
    }

    @Test
    void shouldRunEveryPipelineRoleFromTheFlowpolicyImage() {
        Set<String> commands = new TreeSet<>();
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : services()) {
            if (FLOWPOLICY_IMAGE.equals(service.getValue().path("image").asText())) {
                checks.add(() -> commands.add(
                    CommandLines.assertParses("service " + service.getKey(), command(service.getValue()))));
            }
        }
        // Every service is checked and reported, not only the first that fails.
        assertAll(checks);
        assertEquals(Set.of("generate", "ingest", "inventory", "streams", "sink"), commands);
    }

    @Test
    void shouldPinEveryImageAndBuildTheOwnOneFromTheRepository() {
        for (Map.Entry<String, JsonNode> service : services()) {
            String image = service.getValue().path("image").asText();
            assertTrue(image.matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+"), service.getKey() + " image with a tag: " + image);
            assertFalse(image.endsWith(":latest") && !image.equals(FLOWPOLICY_IMAGE), service.getKey() + ": " + image);
            if (image.equals(FLOWPOLICY_IMAGE)) {
                assertEquals(".", service.getValue().path("build").asText(), service.getKey());
            }
        }
        assertTrue(Files.isRegularFile(root.resolve("Dockerfile")));
        assertEquals("apache/kafka", image("kafka").split(":")[0]);
        assertEquals("grafana/loki", image("loki").split(":")[0]);
    }

    @Test
    void shouldRunTheGeneratorLiveIntoTheComposeLoki() {
        List<String> generator = command(compose.path("services").path("generator"));
        assertTrue(generator.containsAll(List.of("generate", "--live")), generator.toString());
        assertEquals("http://loki:3100", generator.get(generator.indexOf("--loki-url") + 1));
        List<String> ingest = command(compose.path("services").path("ingest"));
        assertEquals("http://loki:3100", ingest.get(ingest.indexOf("--loki-url") + 1));
        // A fresh install has no checkpoint: without a --from, ingest would refuse to start, and restart for ever.
        assertEquals("7d", ingest.get(ingest.indexOf("--from") + 1));
        for (String role : List.of("ingest", "inventory", "streams", "sink")) {
            List<String> args = command(compose.path("services").path(role));
            assertEquals("kafka:9092", args.get(args.indexOf("--bootstrap-servers") + 1), role);
        }
    }

    @Test
    void shouldDeclareEveryNamedVolumeAndMountExistingFiles() {
        Set<String> declared = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, JsonNode> service : services()) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String[] parts = volume.asText().split(":");
                assertTrue(parts.length >= 2 && parts[1].startsWith("/"), service.getKey() + ": " + volume);
                if (parts[0].startsWith("./") || parts[0].startsWith("/")) {
                    assertTrue(Files.exists(root.resolve(parts[0])), service.getKey() + " mounts a missing " + parts[0]);
                } else {
                    assertTrue(declared.contains(parts[0]), service.getKey() + " uses undeclared volume " + parts[0]);
                    used.add(parts[0]);
                }
            }
        }
        assertEquals(declared, used, "every declared volume is used");
        assertTrue(command(compose.path("services").path("streams")).contains("/state"));
        assertTrue(compose.path("services").path("streams").path("volumes").get(0).asText().endsWith(":/state"));
    }

    @Test
    void shouldPublishOnlyTheDashboardAndLokiPortsAndUseStringEnvironmentValues() {
        Set<String> ports = new TreeSet<>();
        for (Map.Entry<String, JsonNode> service : services()) {
            for (JsonNode port : service.getValue().path("ports")) {
                assertTrue(port.isTextual() && port.asText().matches("\\d+:\\d+"), service.getKey() + ": " + port);
                ports.add(service.getKey() + "=" + port.asText());
            }
            service.getValue().path("environment").fields().forEachRemaining(env ->
                assertTrue(env.getValue().isTextual(), service.getKey() + " " + env.getKey() + " must be a string"));
            for (JsonNode dependency : dependsOn(service.getValue())) {
                assertTrue(compose.path("services").has(dependency.asText()), service.getKey() + " -> " + dependency);
            }
        }
        assertEquals(Set.of("loki=3100:3100", "streams=8080:8080"), ports);
        assertEquals("PLAINTEXT://kafka:9092",
            compose.path("services").path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText());
    }

    private static List<JsonNode> dependsOn(JsonNode service) {
        List<JsonNode> names = new ArrayList<>();
        JsonNode deps = service.path("depends_on");
        if (deps.isArray()) {
            deps.forEach(names::add);
        } else {
            deps.fieldNames().forEachRemaining(n -> names.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(n)));
        }
        return names;
    }

    private static String image(String service) {
        return compose.path("services").path(service).path("image").asText();
    }

    private static List<Map.Entry<String, JsonNode>> services() {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(all::add);
        assertFalse(all.isEmpty());
        return all;
    }

    private static List<String> command(JsonNode service) {
        List<String> args = new ArrayList<>();
        service.path("command").forEach(a -> args.add(a.asText()));
        assertFalse(args.isEmpty(), "command as a list: " + service);
        return args;
    }
}
