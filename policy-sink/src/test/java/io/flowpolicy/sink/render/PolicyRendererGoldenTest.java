package io.flowpolicy.sink.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rendered files compared byte for byte with the golden files; see {@link Golden} for updating them. */
class PolicyRendererGoldenTest {

    static Stream<Arguments> peerKindsAndFormats() {
        List<Arguments> cases = new ArrayList<>();
        new TreeMap<>(Fixtures.perPeerKind()).forEach((kind, policy) -> {
            for (Format format : Format.values()) {
                cases.add(Arguments.of(kind, format));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("peerKindsAndFormats")
    void shouldRenderEachKindOfPeerAsInTheGoldenFile(String kind, Format format) {
        assertGolden(kind, format, RenderOptions.defaults(), Fixtures.perPeerKind().get(kind));
    }

    static Stream<Arguments> formats() {
        return Stream.of(Format.values()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void shouldRenderEveryKindOfPeerTogetherWhileLearning(Format format) {
        assertGolden("everything-learning", format, RenderOptions.defaults(), Fixtures.everything("C", "learning"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void shouldRenderTierDAsLogThenAllow(Format format) {
        assertGolden("tier-d-log-allow", format, RenderOptions.defaults(), Fixtures.everything("D", "stable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void shouldRenderTierDAsObservedPortsToAnyDestination(Format format) {
        assertGolden("tier-d-port-only", format, RenderOptions.defaults().withTierD(TierDPolicy.PORT_ONLY),
            Fixtures.everything("D", "stabilizing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void shouldRenderWithoutSameNamespaceRuleWhenDisabled(Format format) {
        assertGolden("no-same-namespace", format, RenderOptions.defaults().withAllowSameNamespace(false),
            Fixtures.perPeerKind().get("same-namespace"));
    }

    @Test
    void shouldRenderReferencedNetworkSetsAsGlobalNetworkSets() {
        PolicyRenderer renderer = new PolicyRenderer(RenderOptions.defaults());
        String yaml = renderer.renderGlobal(List.of(Fixtures.everything("B", "stable")))
            .files().get(PolicyRenderer.NETWORK_SETS_PATH);
        Golden.assertMatches("global-networksets.yaml", yaml);
    }

    private static void assertGolden(String scenario, Format format, RenderOptions defaults,
                                     io.flowpolicy.model.CandidatePolicy policy) {
        PolicyRenderer renderer = new PolicyRenderer(defaults.withFormats(java.util.Set.of(format)));
        Map<String, String> files = renderer.render(policy).files();
        String content = files.get("namespaces/payments/" + format.fileName());
        Golden.assertMatches(scenario + "." + format.name().toLowerCase(java.util.Locale.ROOT) + ".yaml", content);
    }
}
