package io.flowpolicy.ingest.file;

import io.flowpolicy.model.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Walks the non-blank lines of a UTF-8 text file with their 1-based line numbers, for messages that name them. A
 * byte order mark at the start of the file is not part of the first line, and journalctl's marker lines
 * ({@code -- Boot 3f2a… --}, {@code -- Journal begins at … --}, {@code -- No entries --}) are skipped as blank lines
 * are: they are not journal entries, and every entry starts with its time. Lines
 * end as {@link java.io.BufferedReader#readLine} ends them (at {@code \n}, {@code \r} or {@code \r\n}), but are handed
 * over as bytes first: a reader that can use a line as it is (a record already in the raw topic's form) skips
 * decoding it. Text that is not UTF-8 fails the walk with a {@link java.nio.charset.CharacterCodingException}, as a
 * decoding reader would.
 */
final class LineFiles {
    static final int BUFFER_BYTES = 1 << 20;
    /** UTF-8's byte order mark, which some Windows editors and tools put at the start of a text file. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private LineFiles() {
    }

    @FunctionalInterface
    interface NumberedLine {
        void accept(String text, long number);
    }

    @FunctionalInterface
    interface LineAction {
        void accept(Line line) throws IOException;
    }

    /**
     * One line: its bytes {@code buf[start, end)} without the terminator, valid until the next line is read, and the
     * file offset its first byte has.
     */
    static final class Line {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        byte[] buf;
        int start;
        int end;
        long number;
        long offset;
        /** The walk started inside this line: these bytes continue a line whose start was before the walk's. */
        boolean continued;

        String text() throws IOException {
            for (int i = start; i < end; i++) {
                if (buf[i] < 0) {
                    return decoder.decode(ByteBuffer.wrap(buf, start, end - start)).toString();
                }
            }
            return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }

        /** A line journalctl prints between entries: {@code -- <text> --}. */
        boolean isJournalMarker() {
            int last = end - 1;
            while (last >= start && (buf[last] == ' ' || buf[last] == '\t')) {
                last--;
            }
            return last - start >= 5 && buf[start] == '-' && buf[start + 1] == '-' && buf[start + 2] == ' '
                && buf[last] == '-' && buf[last - 1] == '-' && buf[last - 2] == ' ';
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
        try (Walker walker = Walker.open(file, bufferBytes, false)) {
            long count = 0;
            for (Line line = walker.next(); line != null; line = walker.next()) {
                action.accept(line);
                count++;
            }
            return count;
        }
    }

    /**
     * The bytes of the file's first non-blank line, without its terminator; null when it has none. A byte order mark
     * or a journalctl marker line is taken as it is: these bytes name a file's source, which must not change.
     */
    static byte[] firstNonBlank(Path file) throws IOException {
        try (Walker walker = new Walker(Files.newInputStream(file), BUFFER_BYTES, null, false)) {
            Line line = walker.next();
            return line == null ? null : Arrays.copyOfRange(line.buf, line.start, line.end);
        }
    }

    /** Hex SHA-256 of what {@code digest} holds so far, leaving it as it is. */
    static String hex(MessageDigest digest) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 digest of this JVM cannot be cloned", e);
        }
    }

    /**
     * Reads a file's non-blank lines one after the other. A hashing walk also feeds the file's bytes to a SHA-256
     * digest as it goes (in bulk, before the buffer drops them), so it can tell the hash of the bytes before any
     * line it has handed over. Not thread-safe.
     */
    static final class Walker implements Closeable {
        private final InputStream in;
        private final MessageDigest digest;
        private final Line line = new Line();
        private byte[] buf;
        /** The file offset of {@code buf[0]}. */
        private long base;
        /** The file offset up to which the digest has been fed. */
        private long hashed;
        private int lineStart;
        private int filled;
        private int scanned;
        private boolean skipLineFeed;
        private boolean startsInsideLine;
        private boolean ended;

        /** Whether a byte order mark and journalctl's marker lines are left out. */
        private final boolean entriesOnly;

        private Walker(InputStream in, int bufferBytes, MessageDigest digest, boolean entriesOnly) {
            this.in = in;
            this.buf = new byte[bufferBytes];
            this.digest = digest;
            this.entriesOnly = entriesOnly;
        }

        /** @param hashing whether to keep the SHA-256 of the bytes read, for {@link #sha256Before} */
        static Walker open(Path file, int bufferBytes, boolean hashing) throws IOException {
            return new Walker(Files.newInputStream(file), bufferBytes, hashing ? Sha256.newDigest() : null, true);
        }

        /**
         * Moves a new hashing walk to {@code offset}, reading and hashing the bytes before it; the next line handed
         * over is numbered {@code lines + 1}. When the byte before {@code offset} ends no line, the bytes from
         * {@code offset} to the next line end are handed over first, as a {@link Line#continued} line numbered
         * {@code lines}.
         *
         * @return false, and the walk is of no further use, when the file is shorter than {@code offset} or the
         *     SHA-256 of its first {@code offset} bytes is not {@code sha256}
         */
        boolean resumeAt(long offset, long lines, String sha256) throws IOException {
            if (digest == null || base != 0 || filled != 0) {
                throw new IllegalStateException("only a new hashing walk can resume at an offset");
            }
            long remaining = offset;
            byte last = 0;
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    return false;
                }
                digest.update(buf, 0, n);
                last = buf[n - 1];
                remaining -= n;
            }
            if (!hex(digest).equals(sha256)) {
                return false;
            }
            base = offset;
            hashed = offset;
            line.number = lines;
            skipLineFeed = last == '\r';
            startsInsideLine = offset > 0 && last != '\n' && last != '\r';
            return true;
        }

        /** The next non-blank line, or null at the end of the file. */
        Line next() throws IOException {
            while (!ended) {
                byte[] b = buf;
                int f = filled;
                boolean skip = skipLineFeed;
                for (int i = scanned; i < f; i++) {
                    byte c = b[i];
                    if (skip) {
                        skip = false;
                        if (c == '\n') {
                            lineStart = i + 1;
                            continue;
                        }
                    }
                    if (c == '\n' || c == '\r') {
                        int start = lineStart;
                        lineStart = i + 1;
                        skip = c == '\r';
                        if (visit(start, i)) {
                            scanned = i + 1;
                            skipLineFeed = skip;
                            return line;
                        }
                    }
                }
                scanned = f;
                skipLineFeed = skip;
                if (!fill()) {
                    ended = true;
                    int start = lineStart;
                    lineStart = filled;
                    if (start < filled && visit(start, filled)) {
                        return line;
                    }
                }
            }
            return null;
        }

        /** Makes room and reads more bytes; false at the end of the file. */
        private boolean fill() throws IOException {
            if (lineStart > 0) {
                if (digest != null) {
                    hashTo(base + lineStart);
                }
                System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
                filled -= lineStart;
                scanned = filled;
                base += lineStart;
                lineStart = 0;
            } else if (filled == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                return false;
            }
            filled += n;
            return true;
        }

        private boolean visit(int start, int end) throws IOException {
            line.buf = buf;
            line.start = entriesOnly && base + start == 0 && startsWithByteOrderMark(start, end) ? start + BOM.length
                : start;
            line.end = end;
            line.offset = base + start;
            line.continued = startsInsideLine;
            if (startsInsideLine) {
                startsInsideLine = false;
            } else {
                line.number++;
            }
            return !line.isBlank() && !(entriesOnly && line.isJournalMarker());
        }

        private boolean startsWithByteOrderMark(int start, int end) {
            return end - start >= BOM.length && Arrays.equals(buf, start, start + BOM.length, BOM, 0, BOM.length);
        }

        /**
         * Hex SHA-256 of the file's bytes before {@code offset}: a line start (or the end) of the part read so far,
         * not before an offset asked for earlier.
         */
        String sha256Before(long offset) {
            if (digest == null) {
                throw new IllegalStateException("this walk does not hash");
            }
            hashTo(offset);
            return hex(digest);
        }

        private void hashTo(long offset) {
            if (offset < hashed || offset > base + filled) {
                throw new IllegalArgumentException("offset " + offset + " outside the unhashed bytes [" + hashed
                    + ", " + (base + filled) + "]");
            }
            digest.update(buf, (int) (hashed - base), (int) (offset - hashed));
            hashed = offset;
        }

        /** Lines seen so far, blank ones included: at the end, the number of the file's last line. */
        long lines() {
            return line.number;
        }

        /** The file offset after the last byte read: at the end, the size of the file. */
        long position() {
            return base + filled;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
