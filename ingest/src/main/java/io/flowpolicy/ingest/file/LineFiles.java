package io.flowpolicy.ingest.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Walks the non-blank lines of a UTF-8 text file with their 1-based line numbers, for messages that name them. */
final class LineFiles {
    private LineFiles() {
    }

    @FunctionalInterface
    interface NumberedLine {
        void accept(String text, int number);
    }

    /** @return the number of non-blank lines */
    static long forEachNonBlank(Path file, NumberedLine action) throws IOException {
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    count++;
                    action.accept(text, number);
                }
            }
        }
        return count;
    }
}
