package io.flowpolicy.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The commit message for going from one recorded {@link PolicyState} to the next: one line per namespace that
 * changed, such as {@code affine: +1 peer (external:1.1.1.1 TCP/443)} or {@code nextcloud: learning → stable}.
 * Pure; the first line summarises.
 */
final class ChangeMessage {
    private static final int LISTED_RULES = 5;

    private ChangeMessage() {
    }

    static String between(PolicyState before, PolicyState after) {
        List<String> namespaces = lines(before, after);
        List<String> names = nameLines(before, after);
        List<String> lines = new ArrayList<>(namespaces);
        lines.addAll(names);
        if (lines.isEmpty()) {
            return "flowpolicy: re-render policies and report";
        }
        if (lines.size() == 1) {
            return lines.get(0);
        }
        List<String> summary = new ArrayList<>();
        if (!namespaces.isEmpty()) {
            List<String> changed = namespaces.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
            summary.add(changed.size() + " namespace" + plural(changed.size()) + " changed (" + abbreviate(changed)
                + ")");
        }
        if (!names.isEmpty()) {
            List<String> changed = names.stream().map(line -> line.substring(0, line.indexOf(": "))).toList();
            summary.add("addresses of " + changed.size() + " DNS name" + plural(changed.size()) + " changed ("
                + abbreviate(changed) + ")");
        }
        return "flowpolicy: " + String.join(", ", summary) + "\n\n" + String.join("\n", lines);
    }

    /**
     * One line per DNS name whose addresses changed, e.g. {@code fqdn:api.example.com: 1.2.3.4 → 1.2.3.4, 5.6.7.8}.
     * A name that came or went with a rule is told by its namespace's line.
     */
    static List<String> nameLines(PolicyState before, PolicyState after) {
        List<String> lines = new ArrayList<>();
        after.names().forEach((name, now) -> {
            List<String> old = before.names().get(name);
            if (old != null && !old.equals(now)) {
                lines.add("fqdn:" + name + ": " + addresses(old) + " → " + addresses(now));
            }
        });
        return lines;
    }

    private static String addresses(List<String> ips) {
        return ips.isEmpty() ? "(none)" : abbreviate(ips);
    }

    static List<String> lines(PolicyState before, PolicyState after) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, PolicyState.Namespace> e : after.namespaces().entrySet()) {
            PolicyState.Namespace old = before.namespaces().get(e.getKey());
            if (old == null) {
                PolicyState.Namespace now = e.getValue();
                lines.add(e.getKey() + ": new (tier " + now.tier() + ", " + now.state() + ", " + now.rules().size()
                    + " rule" + plural(now.rules().size()) + ")");
            } else {
                describeChange(e.getKey(), old, e.getValue()).ifPresent(lines::add);
            }
        }
        before.namespaces().keySet().stream().filter(ns -> !after.namespaces().containsKey(ns))
            .forEach(ns -> lines.add(ns + ": removed"));
        lines.sort(null);
        return lines;
    }

    private static java.util.Optional<String> describeChange(String ns, PolicyState.Namespace old,
                                                             PolicyState.Namespace now) {
        List<String> parts = new ArrayList<>();
        Set<String> oldPeers = peers(old.rules());
        List<String> added = now.rules().stream().filter(r -> !old.rules().contains(r)).toList();
        List<String> newPeers = added.stream().filter(r -> !oldPeers.contains(peer(r))).toList();
        List<String> newPorts = added.stream().filter(r -> oldPeers.contains(peer(r))).toList();
        List<String> removed = old.rules().stream().filter(r -> !now.rules().contains(r)).toList();
        long newPeerCount = newPeers.stream().map(ChangeMessage::peer).distinct().count();
        if (newPeerCount > 0) {
            parts.add("+" + newPeerCount + " peer" + plural(newPeerCount) + " (" + abbreviate(newPeers) + ")");
        }
        if (!newPorts.isEmpty()) {
            parts.add("+" + newPorts.size() + " port" + plural(newPorts.size()) + " (" + abbreviate(newPorts) + ")");
        }
        if (!removed.isEmpty()) {
            parts.add("-" + removed.size() + " rule" + plural(removed.size()) + " (" + abbreviate(removed) + ")");
        }
        if (!java.util.Objects.equals(old.state(), now.state())) {
            parts.add(old.state() + " → " + now.state());
        }
        if (!java.util.Objects.equals(old.tier(), now.tier())) {
            parts.add("tier " + old.tier() + " → " + now.tier());
        }
        return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ns + ": " + String.join(", ", parts));
    }

    private static Set<String> peers(List<String> rules) {
        Set<String> peers = new TreeSet<>();
        rules.forEach(r -> peers.add(peer(r)));
        return peers;
    }

    private static String peer(String rule) {
        return rule.substring(0, rule.lastIndexOf(' '));
    }

    private static String abbreviate(List<String> items) {
        if (items.size() <= LISTED_RULES) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED_RULES)) + ", … " + (items.size() - LISTED_RULES) + " more";
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
