package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestCheckpointTest {
    private static final JsonSerde<IngestCheckpoint> SERDE = JsonSerde.of(IngestCheckpoint.class);
    private static final Instant AT = Instant.parse("2026-11-19T20:20:00.123Z");

    @Test
    void shouldWriteALokiCheckpointAsBeforeFilesHadOne() {
        IngestCheckpoint loki = IngestCheckpoint.of(1732047600000000000L, "{job=\"node-journal\"}", AT);

        String json = new String(SERDE.toBytes(loki), StandardCharsets.UTF_8);

        assertEquals("{\"cursorNanos\":\"1732047600000000000\",\"query\":\"{job=\\\"node-journal\\\"}\","
            + "\"updatedAt\":\"2026-11-19T20:20:00.123Z\"}", json);
        assertEquals(loki, SERDE.fromBytes(json.getBytes(StandardCharsets.UTF_8)));
        assertNull(loki.file());
    }

    @Test
    void shouldRoundTripAFileCheckpointWithoutCursorOrQuery() {
        IngestCheckpoint file = IngestCheckpoint.of(new IngestCheckpoint.FileProgress("/data/flows.jsonl", 3_000_012,
            10_000, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), AT);

        String json = new String(SERDE.toBytes(file), StandardCharsets.UTF_8);

        assertEquals("{\"updatedAt\":\"2026-11-19T20:20:00.123Z\",\"file\":{\"path\":\"/data/flows.jsonl\","
            + "\"offset\":3000012,\"lines\":10000,"
            + "\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}}", json);
        assertEquals(file, SERDE.fromBytes(json.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, file::cursor);
    }

    @Test
    void shouldIgnoreFieldsItDoesNotKnow() {
        IngestCheckpoint read = SERDE.fromBytes(("{\"cursorNanos\":\"5\",\"query\":\"q\",\"updatedAt\":"
            + "\"2026-11-19T20:20:00.123Z\",\"later\":{\"x\":1}}").getBytes(StandardCharsets.UTF_8));

        assertEquals(IngestCheckpoint.of(5, "q", AT), read);
    }
}
