package io.flowpolicy.local;

import io.flowpolicy.streams.parse.CalicoLineParser;
import picocli.CommandLine.Option;

/** {@code --line-prefix}, for the commands that parse Calico lines ({@code streams}, {@code analyze}). */
final class LinePrefixOption {
    @Option(names = "--line-prefix", defaultValue = CalicoLineParser.DEFAULT_PREFIX, paramLabel = "PREFIX",
        description = "Calico's log prefix (FelixConfiguration logPrefix as configured, placeholders included). "
            + "Default: ${DEFAULT-VALUE}.")
    String linePrefix;

    /**
     * The prefix, checked as the parser will take it, so that a bad one stops the command before it starts anything.
     *
     * @throws IllegalArgumentException naming the option, what is wrong and Calico's default
     */
    String validated() {
        try {
            new CalicoLineParser(linePrefix, CalicoLineParser.DEFAULT_MAX_LINE_LENGTH);
            return linePrefix;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--line-prefix: " + e.getMessage() + " (Calico's default is "
                + CalicoLineParser.DEFAULT_PREFIX + ")", e);
        }
    }
}
