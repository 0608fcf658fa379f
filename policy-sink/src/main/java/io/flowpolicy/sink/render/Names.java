package io.flowpolicy.sink.render;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validation of names and labels taken from flow data, before any of them reaches a policy, and safe quoting of
 * label values inside Calico selector expressions.
 */
final class Names {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
        Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private Names() {
    }

    /** A namespace, service or set name: a DNS-1123 label. @throws IllegalArgumentException naming the value */
    static String dnsLabel(String what, String value) {
        if (value == null || value.length() > 63 || !DNS1123_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " is not a DNS-1123 label: " + printable(value));
        }
        return value;
    }

    /** A label key: optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
    static String labelKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("label key is empty: " + printable(key));
        }
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean prefixOk = prefix == null
            || (prefix.length() <= 253 && DNS1123_SUBDOMAIN.matcher(prefix).matches());
        if (!prefixOk || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid label key: " + printable(key));
        }
        return key;
    }

    /** A label value: empty, or at most 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric. */
    static String labelValue(String key, String value) {
        if (value == null || value.length() > 63 || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
            throw new IllegalArgumentException("invalid value of label " + key + ": " + printable(value));
        }
        return value;
    }

    /** Validated labels, sorted by key so selectors and maps render the same way every time. */
    static SortedMap<String, String> labels(Map<String, String> labels) {
        SortedMap<String, String> sorted = new TreeMap<>();
        labels.forEach((k, v) -> sorted.put(labelKey(k), labelValue(k, v)));
        return sorted;
    }

    /**
     * A Calico selector string literal. Calico's selector lexer has no escapes, so the quote character must not
     * occur inside; validated label values never contain either, this guards values that bypass validation.
     */
    static String quote(String value) {
        if (value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        if (value.indexOf('"') < 0) {
            return '"' + value + '"';
        }
        throw new IllegalArgumentException("value holds both quote characters, no Calico selector can match it: "
            + printable(value));
    }

    /** The value in an error message, with control characters visible so a newline cannot forge log lines. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length() && i < 300; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(value.length() > 300 ? "...\"" : "\"").toString();
    }
}
