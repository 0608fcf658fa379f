package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogQlSelectorTest {

    @Test
    void shouldCutTheSelectorFromThePipelineEvenWhenAValueHoldsABrace() {
        LogQlSelector q = LogQlSelector.of("  {job=\"node-journal\", unit=~`kern}el|x`, note=\"a \\\"}\\\" b\"} |= \"calico-packet\"");

        assertEquals("{job=\"node-journal\", unit=~`kern}el|x`, note=\"a \\\"}\\\" b\"}", q.selector());
        assertEquals(" |= \"calico-packet\"", q.pipeline());
    }

    @Test
    void shouldAskForExactlyOneStreamWithThePipelineKeptAndTheOtherStreamsLabelsAbsent() {
        LogQlSelector q = LogQlSelector.of("{job=\"node-journal\"} |= \"calico-packet\"");

        assertEquals("{host=\"node-1\", job=\"node-journal\", note=\"say \\\"hi\\\" \\\\ bye\", unit=\"\"} "
                + "|= \"calico-packet\"",
            q.forStream(Map.of("job", "node-journal", "host", "node-1", "note", "say \"hi\" \\ bye"),
                Set.of("host", "job", "unit")));
    }

    @Test
    void shouldRefuseAQueryWithoutACompleteSelector() {
        assertThrows(IllegalArgumentException.class, () -> LogQlSelector.of("|= \"calico-packet\""));
        assertThrows(IllegalArgumentException.class, () -> LogQlSelector.of("{job=\"node-journal\" |= \"x\""));
    }
}
