package io.flowpolicy.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    private final PolicyRenderer renderer = new PolicyRenderer(Fixtures.allFormats().withFolding(2, 24));

    @Test
    void shouldRenderTheSameBytesTwice() {
        CandidatePolicy policy = Fixtures.everything("C", "learning");
        assertEquals(renderer.render(policy), renderer.render(policy));
        assertEquals(renderer.renderGlobal(List.of(policy)), renderer.renderGlobal(List.of(policy)));
    }

    @Test
    void shouldRenderTheSameBytesWhateverTheRuleOrder() {
        CandidatePolicy policy = Fixtures.everything("B", "stable");
        RenderedFiles expected = renderer.render(policy);
        RenderedFiles expectedGlobal = renderer.renderGlobal(List.of(policy, Fixtures.perPeerKind().get("network-set")));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<CandidateRule> rules = new ArrayList<>(policy.rules());
            Collections.shuffle(rules, random);
            CandidatePolicy shuffled = new CandidatePolicy(policy.namespace(), policy.tier(), policy.state(),
                policy.daysObserved() + i, rules);
            assertEquals(expected, renderer.render(shuffled), "shuffle " + i);
            assertEquals(expectedGlobal,
                renderer.renderGlobal(List.of(Fixtures.perPeerKind().get("network-set"), shuffled)));
        }
    }
}
