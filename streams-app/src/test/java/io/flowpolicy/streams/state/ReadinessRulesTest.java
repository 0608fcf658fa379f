package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReadinessRulesTest {
    private final ReadinessRules rules = ReadinessRules.defaults();

    @ParameterizedTest(name = "{0} external, {1} in-cluster → tier {2}")
    @CsvSource({
        "0, 0, B", "3, 0, B", "4, 0, C", "0, 5, B", "0, 6, C", "3, 5, B",
        "50, 0, C", "51, 0, D", "51, 100, D", "13, 3, C", "130, 4, D"})
    void shouldTierByExternalAndInClusterFanOut(int external, int inCluster, String tier) {
        assertEquals(tier, rules.tier(external, inCluster));
    }

    @Test
    void shouldStayLearningUntilObservedOverTheHorizon() {
        LocalDate first = LocalDate.parse("2026-05-01");
        assertEquals("learning", rules.state(first, first.plusDays(5), null));
        assertEquals("stable", rules.state(first, first.plusDays(6), first));
    }

    @Test
    void shouldBeStabilizingWhileANewPeerAppearedWithinTheLastThreeDays() {
        LocalDate first = LocalDate.parse("2026-05-01");
        LocalDate last = first.plusDays(9);
        assertEquals("stabilizing", rules.state(first, last, last));
        assertEquals("stabilizing", rules.state(first, last, last.minusDays(2)));
        assertEquals("stable", rules.state(first, last, last.minusDays(3)));
    }

    @Test
    void shouldCountOnlyTheFirstObservedDayAsLearningByDefault() {
        LocalDate first = LocalDate.parse("2026-05-01");
        assertTrue(rules.isLearningSighting(first, first));
        assertFalse(rules.isLearningSighting(first, first.plusDays(1)));
    }
}
