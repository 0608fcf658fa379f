package io.flowpolicy.ingest.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Walks the non-blank lines of a UTF-8 text file with their 1-based line numbers, for messages that name them. Lines
 * end as {@link java.io.BufferedReader#readLine} ends them (at {@code \n}, {@code \r} or {@code \r\n}), but are handed
 * over as bytes first: a reader that can use a line as it is (a record already in the raw topic's form) skips
 * decoding it. Text that is not UTF-8 fails the walk with a {@link java.nio.charset.CharacterCodingException}, as a
 * decoding reader would.
 */
final class LineFiles {
    static final int BUFFER_BYTES = 1 << 20;

    private LineFiles() {
    }

    @FunctionalInterface
    interface NumberedLine {
        void accept(String text, int number);
    }

    @FunctionalInterface
    interface LineAction {
        void accept(Line line) throws IOException;
    }

    /** One line: its bytes {@code buf[start, end)} without the terminator, valid until the next line is read. */
    static final class Line {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        byte[] buf;
        int start;
        int end;
        int number;

        String text() throws IOException {
            for (int i = start; i < end; i++) {
                if (buf[i] < 0) {
                    return decoder.decode(ByteBuffer.wrap(buf, start, end - start)).toString();
                }
            }
            return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }

        /** As {@link String#isBlank()} of the text. */
        boolean isBlank() throws IOException {
            for (int i = start; i < end; i++) {
                byte b = buf[i];
                if (b < 0) {
                    return text().isBlank();
                }
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** @return the number of non-blank lines */
    static long forEachNonBlank(Path file, NumberedLine action) throws IOException {
        return forEachNonBlank(file, BUFFER_BYTES, line -> action.accept(line.text(), line.number));
    }

    /** @return the number of non-blank lines */
    static long forEachNonBlank(Path file, LineAction action) throws IOException {
        return forEachNonBlank(file, BUFFER_BYTES, action);
    }

    /** @param bufferBytes the initial read buffer; it grows to hold the longest line */
    static long forEachNonBlank(Path file, int bufferBytes, LineAction action) throws IOException {
        Line line = new Line();
        long count = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[bufferBytes];
            int lineStart = 0;
            int filled = 0;
            int scanned = 0;
            boolean skipLineFeed = false;
            while (true) {
                for (; scanned < filled; scanned++) {
                    byte b = buf[scanned];
                    if (skipLineFeed) {
                        skipLineFeed = false;
                        if (b == '\n') {
                            lineStart = scanned + 1;
                            continue;
                        }
                    }
                    if (b == '\n' || b == '\r') {
                        count += visit(line, buf, lineStart, scanned, action);
                        lineStart = scanned + 1;
                        skipLineFeed = b == '\r';
                    }
                }
                if (lineStart > 0) {
                    System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
                    filled -= lineStart;
                    scanned = filled;
                    lineStart = 0;
                } else if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    if (filled > 0) {
                        count += visit(line, buf, 0, filled, action);
                    }
                    return count;
                }
                filled += n;
            }
        }
    }

    private static int visit(Line line, byte[] buf, int start, int end, LineAction action) throws IOException {
        line.buf = buf;
        line.start = start;
        line.end = end;
        line.number++;
        if (line.isBlank()) {
            return 0;
        }
        action.accept(line);
        return 1;
    }
}
