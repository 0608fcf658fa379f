package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RawLinesSerdeTest {
    private static final String LINE = "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=172.16.193.134 DST=69.147.80.15 "
        + "LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=58406 DF PROTO=TCP SPT=45588 DPT=80 WINDOW=64860 RES=0x00 SYN URGP=0";
    private final RawLinesSerde serde = new RawLinesSerde();

    private static RawLine line(int n, String host) {
        return RawLine.of(1732047303023805000L + n, Map.of("job", "node-journal", "host", host), LINE + " #" + n);
    }

    private RawLines read(String value) {
        return serde.deserializer().deserialize("t", value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteOneLineExactlyAsARecordOfOneLineAlwaysWas() {
        RawLine one = line(1, "node-1");

        assertArrayEquals(RawLineJson.write(one), serde.serializer().serialize("t", RawLines.of(one)));
    }

    @Test
    void shouldReadBackEveryLineOfARecordInOrderWithLabelsEscapesAndOtherShapes() {
        List<RawLine> lines = new ArrayList<>();
        for (int n = 0; n < RawLines.MAX_LINES; n++) {
            lines.add(line(n, n % 3 == 0 ? "node-1" : "node-2"));
        }
        lines.add(new RawLine("7", Map.of("host", "n\u00f6de"), "quote \" back\\slash nl\n tab\t \ud83d\ude00"));

        byte[] value = serde.serializer().serialize("t", RawLines.of(lines));

        assertEquals(RawLines.of(lines), serde.deserializer().deserialize("t", value));
        assertEquals(lines.size() - 1, count(value, (byte) '\n'), "one document per line, the newline escaped");
        // Documents of another shape (a number as ts, other member order, spaces) take the general path each.
        assertEquals(RawLines.of(new RawLine("5", Map.of(), "x"), new RawLine("6", Map.of("host", "a"), "y")),
            read("{\"ts\":5,\"line\":\"x\"}\n { \"line\" : \"y\", \"labels\" : {\"host\":\"a\"}, \"ts\" : \"6\" } "));
    }

    @Test
    void shouldIgnoreBlankLinesAndCarriageReturnsBetweenDocuments() {
        String a = new String(RawLineJson.write(line(1, "node-1")), StandardCharsets.UTF_8);
        String b = new String(RawLineJson.write(line(2, "node-1")), StandardCharsets.UTF_8);

        assertEquals(RawLines.of(line(1, "node-1"), line(2, "node-1")), read("\n" + a + "\r\n\r\n  \n" + b + "\n"));
    }

    @Test
    void shouldReadOneDocumentSpreadOverSeveralLinesAsOneLine() {
        assertEquals(RawLines.of(new RawLine("5", Map.of("host", "a"), "x")),
            read("{\n  \"ts\" : \"5\",\n  \"labels\" : {\n    \"host\" : \"a\"\n  },\n  \"line\" : \"x\"\n}"));
    }

    @Test
    void shouldKeepTheGoodLinesOfARecordAndNameEachBadDocument() {
        String good = new String(RawLineJson.write(line(1, "node-1")), StandardCharsets.UTF_8);

        RawLines read = read(good + "\nnot json\n{\"ts\":\"5\",\"labels\":{}}\n{\"ts\":\"x1\",\"line\":\"y\"}\n"
            + good);

        assertEquals(List.of(line(1, "node-1"), line(1, "node-1")), read.lines());
        assertEquals(List.of(2, 3, 4), read.malformed().stream().map(RawLines.Malformed::document).toList());
        assertEquals("not json", read.malformed().get(0).text());
        assertTrue(read.malformed().get(0).problem().startsWith("not a valid RawLine JSON record: "),
            read.malformed().get(0).problem());
        assertEquals("raw line record without a 'line' field", read.malformed().get(1).problem());
        assertEquals("raw line record whose 'ts' is not nanoseconds: x1", read.malformed().get(2).problem());
    }

    @Test
    void shouldRefuseARecordWithNoRawLineInItWhole() {
        var single = assertThrows(SerializationException.class, () -> read("{\"ts\":\"5\"}"));
        assertEquals("raw line record without a 'line' field", single.getMessage());
        var several = assertThrows(SerializationException.class, () -> read("garbage\n{\"line\":\"x\",\"ts\":\"t\"}"));
        assertTrue(several.getMessage().startsWith("none of the record's 2 documents is a raw line; the first: "
            + "not a valid RawLine JSON record"), several.getMessage());
        assertThrows(SerializationException.class, () -> read(""));
        assertThrows(SerializationException.class, () -> read(" \n "));
    }

    private static int count(byte[] bytes, byte b) {
        int n = 0;
        for (byte x : bytes) {
            n += x == b ? 1 : 0;
        }
        return n;
    }
}
