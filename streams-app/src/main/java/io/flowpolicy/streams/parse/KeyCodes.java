package io.flowpolicy.streams.parse;

/**
 * The header keys of up to four characters that {@link FieldScanner} tells apart, coded 16 bits a character as
 * {@link TokenWalker#tokenEnd} codes a key while reading it: one comparison then matches a key.
 */
final class KeyCodes {
    static final long IN = key("IN");
    static final long ID = key("ID");
    static final long TC = key("TC");
    static final long SRC = key("SRC");
    static final long DST = key("DST");
    static final long SPT = key("SPT");
    static final long DPT = key("DPT");
    static final long OUT = key("OUT");
    static final long MAC = key("MAC");
    static final long LEN = key("LEN");
    static final long TOS = key("TOS");
    static final long TTL = key("TTL");
    static final long UID = key("UID");
    static final long GID = key("GID");
    static final long TYPE = key("TYPE");
    static final long CODE = key("CODE");
    static final long MARK = key("MARK");
    static final long PREC = key("PREC");

    private KeyCodes() {
    }

    static long key(String name) {
        long code = 0;
        for (int i = 0; i < name.length(); i++) {
            code = code << 16 | name.charAt(i);
        }
        return code;
    }
}
