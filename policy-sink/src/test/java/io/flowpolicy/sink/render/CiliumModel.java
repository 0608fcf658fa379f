package io.flowpolicy.sink.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The subset of Cilium's CiliumNetworkPolicy the renderer may write; an unknown field fails the parse. */
final class CiliumModel {
    private CiliumModel() {
    }

    record Policy(String apiVersion, String kind, CalicoModel.Metadata metadata, Spec spec) {
    }

    record Spec(Selector endpointSelector, List<EgressRule> egress) {
    }

    record Selector(Map<String, String> matchLabels) {
    }

    record EgressRule(List<Selector> toEndpoints, List<String> toCIDR, List<String> toEntities,
                      List<PortRule> toPorts, List<IcmpRule> icmps) {
    }

    record PortRule(List<PortProtocol> ports, L7Rules rules) {
    }

    record PortProtocol(String port, String protocol) {
    }

    record L7Rules(List<DnsRule> dns) {
    }

    record DnsRule(String matchPattern, String matchName) {
    }

    record IcmpRule(List<IcmpField> fields) {
    }

    record IcmpField(String family, Integer type) {
    }

    static Policy policy(String yaml) {
        try {
            return CalicoModel.STRICT.readValue(yaml, Policy.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
