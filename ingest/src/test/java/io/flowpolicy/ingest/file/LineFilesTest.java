package io.flowpolicy.ingest.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walker's line offsets and prefix hashes, against offsets and hashes computed here byte by byte. */
class LineFilesTest {
    /** \n, \r, \r\n, blank and whitespace-only lines, non-ASCII text, a line longer than small buffers. */
    private static final String CONTENT = "one\r\ntwo\rthree\n\n \t \nf\u00fcnf\r\r\n"
        + "six-is-longer-than-the-small-buffers-of-this-test-by-quite-a-few-bytes\r\n\r\nseven\n\r\neight";

    @TempDir
    Path dir;

    /** A line as the walker should see it: number, start offset, the offset after its text. */
    private record Expected(long number, int offset, int end) {
        static Expected of(LineFiles.Line line) {
            return new Expected(line.number, (int) line.offset, (int) line.offset + line.end - line.start);
        }
    }

    @Test
    void shouldTellEveryLinesStartOffsetAndTheHashOfTheBytesBeforeItWhateverTheBufferSize() throws Exception {
        for (String content : List.of(CONTENT, CONTENT + "\r\n", CONTENT + "\r", "\n\n", "x", "")) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            Path file = write("walk.txt", bytes);
            for (int bufferBytes : bufferSizes()) {
                List<Expected> seen = new ArrayList<>();
                try (LineFiles.Walker walker = LineFiles.Walker.open(file, bufferBytes, true)) {
                    for (LineFiles.Line line = walker.next(); line != null; line = walker.next()) {
                        seen.add(Expected.of(line));
                        assertEquals(sha256(bytes, (int) line.offset), walker.sha256Before(line.offset),
                            "hash before line " + line.number + ", buffer " + bufferBytes);
                    }
                    assertEquals(bytes.length, walker.position());
                    assertEquals(allLines(bytes).size(), walker.lines(), "lines of " + escaped(content));
                    assertEquals(sha256(bytes, bytes.length), walker.sha256Before(bytes.length));
                }
                assertEquals(nonBlank(bytes), seen, escaped(content) + " with a buffer of " + bufferBytes);
            }
        }
    }

    @Test
    void shouldResumeAtAnyLineStartWithTheLinesAfterItNumberedAsInTheWholeFile() throws Exception {
        byte[] bytes = CONTENT.getBytes(StandardCharsets.UTF_8);
        Path file = write("resume.txt", bytes);
        List<Expected> all = allLines(bytes);
        List<Expected> nonBlank = nonBlank(bytes);
        for (int k = 0; k <= all.size(); k++) {
            int offset = k < all.size() ? all.get(k).offset() : bytes.length;
            List<Expected> rest = nonBlank.stream().filter(l -> l.offset() >= offset).toList();
            for (int bufferBytes : new int[] {1, 2, 5, 64, LineFiles.BUFFER_BYTES}) {
                try (LineFiles.Walker walker = LineFiles.Walker.open(file, bufferBytes, true)) {
                    assertTrue(walker.resumeAt(offset, k, sha256(bytes, offset)));
                    List<Expected> seen = new ArrayList<>();
                    for (LineFiles.Line line = walker.next(); line != null; line = walker.next()) {
                        assertFalse(line.continued);
                        seen.add(Expected.of(line));
                        assertEquals(sha256(bytes, (int) line.offset), walker.sha256Before(line.offset));
                    }
                    assertEquals(rest, seen, "resumed at byte " + offset + ", buffer " + bufferBytes);
                    assertEquals(all.size(), walker.lines());
                    assertEquals(sha256(bytes, bytes.length), walker.sha256Before(bytes.length));
                }
            }
        }
    }

    @Test
    void shouldNotCountTheLineFeedOfACarriageReturnTheFileEndedWithAsALine() throws Exception {
        byte[] before = "a\r".getBytes(StandardCharsets.US_ASCII);
        Path file = write("crlf.txt", "a\r\nb\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int bufferBytes : new int[] {1, 2, 64}) {
            try (LineFiles.Walker walker = LineFiles.Walker.open(file, bufferBytes, true)) {
                assertTrue(walker.resumeAt(2, 1, sha256(before, 2)));
                LineFiles.Line line = walker.next();
                assertEquals("b", line.text());
                assertEquals(2, line.number);
                assertEquals(3, line.offset);
                assertNull(walker.next());
                assertEquals(2, walker.lines());
            }
        }
    }

    @Test
    void shouldHandOverTheRestOfALineTheFileEndedInsideAsAContinuationOfIt() throws Exception {
        byte[] before = "a\nbc".getBytes(StandardCharsets.US_ASCII);
        Path file = write("grown.txt", "a\nbcd\ne\n".getBytes(StandardCharsets.US_ASCII));
        for (int bufferBytes : new int[] {1, 2, 64}) {
            try (LineFiles.Walker walker = LineFiles.Walker.open(file, bufferBytes, true)) {
                assertTrue(walker.resumeAt(4, 2, sha256(before, 4)));
                LineFiles.Line rest = walker.next();
                assertTrue(rest.continued);
                assertEquals("d", rest.text());
                assertEquals(2, rest.number);
                LineFiles.Line next = walker.next();
                assertFalse(next.continued);
                assertEquals("e", next.text());
                assertEquals(3, next.number);
                assertEquals(6, next.offset);
            }
        }
        // A file end right after the line ends it: nothing to hand over, and no line is counted twice.
        Path ended = write("ended.txt", "a\nbc\nd".getBytes(StandardCharsets.US_ASCII));
        try (LineFiles.Walker walker = LineFiles.Walker.open(ended, 64, true)) {
            assertTrue(walker.resumeAt(4, 2, sha256(before, 4)));
            LineFiles.Line next = walker.next();
            assertEquals("d", next.text());
            assertEquals(3, next.number);
        }
    }

    @Test
    void shouldRefuseToResumeInAFileThatIsShorterOrBeginsWithOtherBytes() throws Exception {
        byte[] bytes = CONTENT.getBytes(StandardCharsets.UTF_8);
        Path file = write("other.txt", bytes);
        try (LineFiles.Walker walker = LineFiles.Walker.open(file, 7, true)) {
            assertFalse(walker.resumeAt(bytes.length + 1, 20, sha256(bytes, bytes.length)));
        }
        byte[] changed = bytes.clone();
        changed[1] = 'N';
        try (LineFiles.Walker walker = LineFiles.Walker.open(file, 7, true)) {
            assertFalse(walker.resumeAt(5, 1, sha256(changed, 5)));
        }
    }

    @Test
    void shouldFindTheFirstNonBlankLinesBytes() throws Exception {
        assertEquals("  first ", new String(LineFiles.firstNonBlank(write("first.txt",
            "\r\n \t\n  first \r\nsecond".getBytes(StandardCharsets.US_ASCII))), StandardCharsets.US_ASCII));
        assertNull(LineFiles.firstNonBlank(write("blank.txt", " \n\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    /** These bytes name a file's source: a file an earlier version began to publish must keep its name. */
    @Test
    void shouldTakeTheFirstLineWithItsByteOrderMarkAndJournalMarkerAsTheyAre() throws Exception {
        String first = "\uFEFF-- Boot 3f2a --";
        assertEquals(first, new String(LineFiles.firstNonBlank(write("journal.txt",
            (first + "\n2026-01-12T10:00:00Z node-1 kernel: x\n").getBytes(StandardCharsets.UTF_8))),
            StandardCharsets.UTF_8));
    }

    private static int[] bufferSizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 64), IntStream.of(LineFiles.BUFFER_BYTES)).toArray();
    }

    /** Every line as BufferedReader ends lines, found here one byte at a time. */
    private static List<Expected> allLines(byte[] b) {
        List<Expected> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < b.length) {
            if (b[i] == '\n' || b[i] == '\r') {
                lines.add(new Expected(lines.size() + 1, start, i));
                i += b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < b.length) {
            lines.add(new Expected(lines.size() + 1, start, b.length));
        }
        return lines;
    }

    private static List<Expected> nonBlank(byte[] b) {
        return allLines(b).stream()
            .filter(l -> !new String(b, l.offset(), l.end() - l.offset(), StandardCharsets.UTF_8).isBlank()).toList();
    }

    private static String sha256(byte[] bytes, int length) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, length)));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String escaped(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
