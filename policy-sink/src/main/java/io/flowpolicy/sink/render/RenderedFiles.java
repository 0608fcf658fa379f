package io.flowpolicy.sink.render;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Rendered files keyed by repository-relative path ({@code namespaces/<ns>/calico.yaml},
 * {@code global/networksets.yaml}), sorted by path; the map is unmodifiable.
 */
public record RenderedFiles(SortedMap<String, String> files) {
    public RenderedFiles {
        Objects.requireNonNull(files, "files");
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }
}
