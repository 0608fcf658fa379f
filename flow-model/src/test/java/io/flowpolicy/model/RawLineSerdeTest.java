package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawLineSerdeTest {
    private final RawLineSerde serde = new RawLineSerde();

    @Test
    void shouldWriteJsonThatJacksonReadsBackIdentically() throws Exception {
        RawLine line = new RawLine("1732047303023805000", Map.of("job", "node-journal", "host", "node-1"),
            "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=10.0.0.1 \"quoted\" back\\slash tab\t nl\n nul\u0000 é");

        byte[] bytes = serde.serializer().serialize("t", line);

        JsonNode tree = JsonSerde.MAPPER.readTree(bytes);
        assertEquals(line.ts(), tree.get("ts").asText());
        assertEquals(line.line(), tree.get("line").asText());
        assertEquals("node-1", tree.at("/labels/host").asText());
        assertEquals(line, JsonSerde.of(RawLine.class).fromBytes(bytes));
        assertEquals(line, serde.deserializer().deserialize("t", bytes));
    }

    @Test
    void shouldReadWhatJacksonWritesIncludingEscapesAndOtherMemberOrders() {
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                text.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("host", "node-" + n);
            labels.put("we\"ird", text.substring(0, 5));
            RawLine line = new RawLine(Long.toString(random.nextLong()), labels, text.toString());
            byte[] jackson = JsonSerde.of(RawLine.class).toBytes(line);
            assertEquals(line, serde.deserializer().deserialize("t", jackson));
        }
        String reordered = "{ \"line\" : \"x\\u0041\\/\", \"labels\" : { }, \"ts\" : \"5\" }";
        assertEquals(new RawLine("5", Map.of(), "xA/"),
            serde.deserializer().deserialize("t", reordered.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldKeepCharactersOutsideTheBasicPlaneWhetherWrittenRawOrEscaped() {
        RawLine line = new RawLine("5", Map.of("host", "n\u00f6de-\ud83d\ude00"), "smile \ud83d\ude00 caf\u00e9");

        assertEquals(line, serde.deserializer().deserialize("t", serde.serializer().serialize("t", line)));
        String escaped = "{\"ts\":\"5\",\"labels\":{\"host\":\"n\\u00f6de-\\ud83d\\ude00\"},"
            + "\"line\":\"smile \\ud83d\\ude00 caf\u00e9\"}";
        assertEquals(line, serde.deserializer().deserialize("t", escaped.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldLeaveOtherShapesToTheGeneralPath() {
        assertNull(RawLineJson.read("{\"ts\":5,\"line\":\"x\"}"));
        assertNull(RawLineJson.read("{\"ts\":\"5\",\"line\":\"x\",\"extra\":true}"));
        assertNull(RawLineJson.read("{\"ts\":\"5\",\"line\":\"x\"} trailing"));
        assertNull(RawLineJson.read("{\"ts\":\"5\",\"line\":\"unterminated}"));
        assertNull(RawLineJson.read("{\"ts\":\"5\",\"labels\":{\"a\":1},\"line\":\"x\"}"));
        assertEquals(new RawLine("5", Map.of(), "x"), serde.deserializer().deserialize("t",
            "{\"ts\":5,\"line\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldShareOneLabelsMapBetweenRecordsRepeatingTheLabelsAndReadEachCorrectly() {
        var deserializer = serde.deserializer();
        RawLine first = deserializer.deserialize("t", utf8("{\"ts\":\"1\",\"labels\":{\"host\":\"a\"},\"line\":\"x\"}"));
        RawLine same = deserializer.deserialize("t", utf8("{\"ts\":\"2\",\"labels\":{\"host\":\"a\"},\"line\":\"y\"}"));
        RawLine longer = deserializer.deserialize("t",
            utf8("{\"ts\":\"3\",\"labels\":{\"host\":\"a\",\"job\":\"j\"},\"line\":\"z\"}"));
        RawLine spaced = deserializer.deserialize("t", utf8("{\"ts\":\"4\",\"labels\": {\"host\":\"a\"},\"line\":\"w\"}"));
        RawLine other = deserializer.deserialize("t", utf8("{\"line\":\"v\",\"labels\":{\"host\":\"b\"},\"ts\":\"5\"}"));

        assertSame(first.labels(), same.labels());
        assertEquals(new RawLine("2", Map.of("host", "a"), "y"), same);
        assertEquals(Map.of("host", "a", "job", "j"), longer.labels());
        assertEquals(Map.of("host", "a"), spaced.labels());
        assertEquals(new RawLine("5", Map.of("host", "b"), "v"), other);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadEveryKindOfCharacterAtEveryPositionOfAWord() {
        String[] specials = {"\"", "\\", "\u0001", "\u001f", "\u007f", "\u00e9", "\u20ac", "~", " "};
        for (String special : specials) {
            for (int at = 0; at <= 20; at++) {
                String text = "a".repeat(at) + special + "b".repeat(20 - at);
                RawLine line = new RawLine("1", Map.of("host", "n"), text);
                assertEquals(line, serde.deserializer().deserialize("t", serde.serializer().serialize("t", line)),
                    special + " at " + at);
            }
        }
    }

    @Test
    void shouldRefuseAnUnescapedControlCharacterWherever() {
        for (int at = 0; at <= 20; at++) {
            byte[] record = utf8("{\"ts\":\"1\",\"line\":\"" + "a".repeat(at) + "#" + "b".repeat(20 - at) + "\"}");
            record[record.length - 23 + at] = 0x01;
            assertNull(RawLineJson.read(record), "control character at " + at);
        }
    }
}
