package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.local.generate.NamespaceShape;
import io.flowpolicy.model.JsonSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowpolicy demo} end to end on the real in-process broker: the generated data set is shaped like the first
 * observation snapshot, so the pipeline's profiles must reproduce that table and its tiers exactly.
 */
class DemoIT {
    private static final List<String> TIER_C = List.of("postiz", "f1-stream", "openclaw", "woodpecker", "status-page");

    @TempDir
    Path dir;

    @Test
    void shouldReproduceTheObservationSnapshotAndPrintTheTableEventsAndRepository() throws Exception {
        StringWriter out = new StringWriter();
        int exit = FlowpolicyCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
            .execute("demo", "--out", dir.toString());

        assertEquals(0, exit, out.toString());
        JsonNode summary = JsonSerde.MAPPER.readTree(dir.resolve("summary.json").toFile());
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (NamespaceShape shape : NamespaceShape.SNAPSHOT) {
            String tier = shape.namespace().equals("servarr") ? "D"
                : TIER_C.contains(shape.namespace()) ? "C" : "B";
            expected.put(shape.namespace(), shape.peers() + " " + shape.pods() + " " + shape.services() + " "
                + shape.externals() + " " + tier);
            JsonNode ns = summary.at("/namespaces/" + shape.namespace());
            actual.put(shape.namespace(), ns.path("peers").asInt() + " " + ns.path("pod").asInt() + " "
                + ns.path("service").asInt() + " " + ns.path("external").asInt() + " " + ns.path("tier").asText());
        }
        assertEquals(expected, actual);
        assertEquals(NamespaceShape.SNAPSHOT.size(), summary.get("namespaces").size());
        long alerts = 0;
        for (JsonNode event : summary.get("newDestinations")) {
            alerts += event.get("learning").asBoolean() ? 0 : 1;
        }
        assertTrue(alerts > 0, "the demo shows destinations that are new after the learning period");
        String printed = out.toString();
        assertTrue(printed.contains("servarr"), printed);
        assertTrue(printed.contains("new destinations:"), printed);
        assertTrue(printed.contains(dir.resolve("policy-repo").toAbsolutePath().toString()), printed);
        assertTrue(Files.isRegularFile(dir.resolve("policy-repo/namespaces/servarr/calico.yaml")));
    }
}
