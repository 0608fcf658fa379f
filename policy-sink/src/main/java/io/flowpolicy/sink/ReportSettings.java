package io.flowpolicy.sink;

import java.util.List;
import java.util.Objects;

/**
 * Settings of REPORT.md.
 *
 * @param batchSize          namespaces per rollout batch after the pilot (a day's work), at least 1; 4 by default
 * @param expectedNamespaces namespaces the observation policy selects; those never seen are listed as silent
 */
public record ReportSettings(int batchSize, List<String> expectedNamespaces) {
    public ReportSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size < 1: " + batchSize);
        }
        expectedNamespaces = List.copyOf(Objects.requireNonNullElse(expectedNamespaces, List.of()));
    }

    public static ReportSettings defaults() {
        return new ReportSettings(4, List.of());
    }
}
