package io.flowpolicy.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every JVM has: for ids derived from what they stand for, and for checking file contents. */
public final class Sha256 {
    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first 16 hex digits (8 bytes) of the SHA-256 of {@code data}: short enough for an id, long enough to tell. */
    public static String hex16(byte[] data) {
        return HexFormat.of().formatHex(newDigest().digest(data), 0, 8);
    }
}
