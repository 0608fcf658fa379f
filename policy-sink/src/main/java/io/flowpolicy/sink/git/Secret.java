package io.flowpolicy.sink.git;

import java.util.Arrays;

/**
 * A credential that never prints itself: {@link #toString()} is a mask, so a record holding it can be logged.
 * Only the JGit credentials provider reads the value.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException when the value is blank (a token file with only a newline, say) */
    public static Secret of(String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("git token is empty");
        }
        return new Secret(trimmed.toCharArray());
    }

    char[] value() {
        return Arrays.copyOf(value, value.length);
    }

    @Override
    public String toString() {
        return "****";
    }
}
