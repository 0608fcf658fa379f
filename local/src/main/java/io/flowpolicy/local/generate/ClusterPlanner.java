package io.flowpolicy.local.generate;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.IpAddresses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds the synthetic cluster behind {@link NamespaceShape#SNAPSHOT}: pods, services, nodes and every
 * namespace's destinations, so that the distinct peers each namespace reaches are exactly the snapshot's.
 *
 * <p>Shapes the pipeline must cope with are placed on purpose: DNS goes to the CoreDNS pod IPs (post-DNAT) behind
 * {@code kube-system/kube-dns}; two namespaces are dual-stack; the IP of {@code status-page}'s pod passes to a new
 * {@code tandoor} pod mid-range; two namespaces are deployed late (still learning at the end); and some
 * destinations are first used after day 1 (new-destination events outside the learning period).
 */
final class ClusterPlanner {
    static final String DNS_PEER = "service:kube-system/kube-dns";
    static final String OWNER_CHANGE_FROM = "status-page";
    static final String OWNER_CHANGE_TO = "tandoor";
    static final Set<String> DUAL_STACK = Set.of("nextcloud", "technitium");
    static final Set<String> LATE_NAMESPACES = Set.of("realestate-crawler", "recruiter-responder");
    /** Pod peers by role: name suffix, port, workload kind. */
    private static final String[][] ROLES = {
        {"postgres", "5432", "StatefulSet"}, {"redis", "6379", "Deployment"}, {"worker", "8080", "Deployment"},
        {"minio", "9000", "Deployment"}, {"mariadb", "3306", "StatefulSet"}, {"meilisearch", "7700", "Deployment"},
        {"temporal", "7233", "Deployment"}, {"rabbitmq", "5672", "StatefulSet"}};
    private static final String[] EXTRA_SERVICES = {"prowlarr", "gateway", "search"};

    private final SplittableRandom random;
    private final AddressBook addresses;
    private final Instant start;
    private final int days;
    private final Instant longAgo;
    private final List<SyntheticPod> pods = new ArrayList<>();
    private final List<InventoryRecord> fixed = new ArrayList<>();
    private SyntheticPod corednsA;
    private SyntheticPod corednsB;

    private ClusterPlanner(long seed, Instant start, int days) {
        this.random = new SplittableRandom(seed);
        this.addresses = new AddressBook(random);
        this.start = start;
        this.days = days;
        this.longAgo = start.minus(Duration.ofDays(30));
    }

    /** The cluster for this seed and range; the same arguments always give an equal plan. */
    static ClusterPlan plan(long seed, Instant start, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days < 1: " + days);
        }
        return new ClusterPlanner(seed, start, days).build();
    }

    private ClusterPlan build() {
        for (String node : AddressBook.NODES) {
            fixed.add(new InventoryRecord(AddressBook.nodeIp(node), "node", null, node, null, Map.of(), node,
                List.of(), start.minus(Duration.ofDays(60)), null));
        }
        corednsA = longLived("kube-system", "coredns", "Deployment", Map.of("k8s-app", "kube-dns"),
            List.of("kube-system/kube-dns"), true);
        corednsB = longLived("kube-system", "coredns", "Deployment", Map.of("k8s-app", "kube-dns"),
            List.of("kube-system/kube-dns"), false);
        service("kube-system", "kube-dns");
        Instant ownerSwitch = start.plus(Duration.ofDays(days / 2)).plus(Duration.ofHours(13)).plusSeconds(17 * 60);
        Map<String, List<SyntheticPod>> sources = new LinkedHashMap<>();
        for (NamespaceShape shape : NamespaceShape.SNAPSHOT) {
            sources.put(shape.namespace(), new ArrayList<>(List.of(sourcePod(shape.namespace()))));
        }
        switchOwners(sources, ownerSwitch);
        List<NamespacePlan> plans = new ArrayList<>();
        for (NamespaceShape shape : NamespaceShape.SNAPSHOT) {
            plans.add(namespace(shape, sources.get(shape.namespace())));
        }
        List<InventoryRecord> inventory = new ArrayList<>(fixed);
        sources.values().forEach(pods::addAll);
        pods.forEach(p -> inventory.addAll(p.inventory()));
        return new ClusterPlan(start, days, inventory, normalised(plans), ownerSwitch);
    }

    private SyntheticPod sourcePod(String namespace) {
        boolean late = LATE_NAMESPACES.contains(namespace);
        Instant from = late ? start.plus(Duration.ofDays(startDay(namespace))) : longAgo;
        if ("default".equals(namespace)) {
            return pod(namespace, "debug-shell", "Pod/debug-shell", Map.of("run", "debug-shell"), List.of(),
                addresses.pickNode(), null, from, null, false);
        }
        String hash = addresses.templateHash();
        return pod(namespace, addresses.deploymentPodName(namespace, hash), "Deployment/" + namespace,
            Map.of("app", namespace), List.of(), addresses.pickNode(), null, from, null, DUAL_STACK.contains(namespace));
    }

    /**
     * status-page's pod is replaced at the switch; its IP goes to tandoor's replacement pod 90 s later (after
     * tandoor's old pod ends), so only attribution as of each line's time gets both namespaces right.
     */
    private void switchOwners(Map<String, List<SyntheticPod>> sources, Instant at) {
        SyntheticPod oldStatus = sources.get(OWNER_CHANGE_FROM).remove(0);
        SyntheticPod oldTandoor = sources.get(OWNER_CHANGE_TO).remove(0);
        Instant reuse = at.plusSeconds(90);
        sources.get(OWNER_CHANGE_FROM).addAll(List.of(ended(oldStatus, at),
            replacement(oldStatus, addresses.pickNode(), null, at)));
        sources.get(OWNER_CHANGE_TO).addAll(List.of(ended(oldTandoor, reuse),
            replacement(oldTandoor, oldStatus.node(), oldStatus.ip(), reuse)));
    }

    private static SyntheticPod ended(SyntheticPod p, Instant to) {
        return new SyntheticPod(p.namespace(), p.name(), p.workload(), p.ip(), p.ip6Full(), p.node(), p.mac(),
            p.iface(), p.labels(), p.services(), p.from(), to);
    }

    private SyntheticPod replacement(SyntheticPod old, String node, String ip, Instant from) {
        String deployment = old.workload().substring(old.workload().indexOf('/') + 1);
        return pod(old.namespace(), addresses.deploymentPodName(deployment, addresses.templateHash()),
            old.workload(), old.labels(), old.services(), node, ip, from, null, old.hasIpv6());
    }

    private NamespacePlan namespace(NamespaceShape shape, List<SyntheticPod> sources) {
        String ns = shape.namespace();
        boolean dualStack = DUAL_STACK.contains(ns);
        List<Destination> destinations = new ArrayList<>();
        if (shape.services() > 0) {
            destinations.add(toPod(DNS_PEER, corednsA, "UDP", 53, 2.0, true));
            destinations.add(toPod(DNS_PEER, corednsB, "UDP", 53, 1.5, false));
            if (dualStack) {
                destinations.add(new Destination(DNS_PEER, corednsA.ip6Full(), true, "UDP", 53, corednsA.node(),
                    corednsA.iface(), 0.5, 0, hour(), false));
            }
        }
        for (int j = 1; j < shape.services(); j++) {
            String name = EXTRA_SERVICES[(j - 1) % EXTRA_SERVICES.length];
            SyntheticPod backend = longLived(ns, name, "Deployment", Map.of("app", name), List.of(ns + "/" + name),
                false);
            service(ns, name);
            destinations.add(toPod("service:" + ns + "/" + name, backend, "TCP", 9696, 1.5, true));
        }
        for (int i = 0; i < shape.pods(); i++) {
            String[] role = ROLES[i % ROLES.length];
            String workload = ns + "-" + role[0];
            SyntheticPod peer = longLived(ns, workload, role[2], Map.of("app", workload), List.of(), false);
            destinations.add(toPod("pod:" + ns + "/" + workload, peer, "TCP", Integer.parseInt(role[1]), 1.5, true));
        }
        for (int i = 0; i < shape.externals(); i++) {
            destinations.add(external(ns, i, shape.externals(), dualStack));
        }
        int startDay = startDay(ns);
        List<Destination> dated = new ArrayList<>();
        for (Destination d : destinations) {
            dated.add(d.withFirstDay(Math.max(startDay, d.firstDay())));
        }
        lateDestination(ns, dated, shape);
        double activity = (1 + Math.log(1 + shape.peers())) * (0.6 + 0.8 * random.nextDouble());
        return new NamespacePlan(ns, sources, dated, activity, startDay);
    }

    /** Destinations first used after the learning day, so the pipeline reports non-learning new destinations. */
    private void lateDestination(String ns, List<Destination> destinations, NamespaceShape shape) {
        int lastDay = days - 1;
        int day = switch (ns) {
            case "status-page", "paperless-ngx" -> Math.min(2, lastDay);
            case "woodpecker" -> Math.max(0, lastDay - 1);
            case "openclaw", "affine" -> lastDay;
            default -> -1;
        };
        if (day < 0 || shape.peers() < 2) {
            return;
        }
        int last = destinations.size() - 1;
        destinations.set(last, destinations.get(last).withFirstDay(Math.max(day, destinations.get(last).firstDay())));
    }

    private int startDay(String namespace) {
        return LATE_NAMESPACES.contains(namespace) ? Math.max(0, days - 4) : 0;
    }

    private Destination external(String ns, int index, int count, boolean dualStack) {
        boolean v6 = dualStack && index == count - 1;
        String address = v6 ? addresses.externalIpv6Full() : addresses.externalIpv4();
        String peer = "external:" + IpAddresses.canonical(address).orElseThrow();
        String protocol = "TCP";
        int port = 443;
        switch (ns) {
            case "servarr" -> {
                protocol = index < 4 ? "TCP" : index % 2 == 0 ? "UDP" : "TCP";
                port = index < 4 ? 443 : 6881;
            }
            case "technitium" -> {
                protocol = "UDP";
                port = 53;
            }
            case "mailserver" -> port = 25;
            case "default" -> protocol = "ICMP";
            case "status-page" -> protocol = index == 0 ? "ICMP" : "TCP";
            default -> { }
        }
        // BitTorrent peers are many and each one quiet; the heavy hitters are the few API endpoints.
        double weight = "servarr".equals(ns) && index >= 4 ? 0.3 : 1.0;
        return new Destination(peer, address, v6, protocol, port, null, null, weight, 0, hour(), true);
    }

    private Destination toPod(String peer, SyntheticPod pod, String protocol, int port, double weight,
                              boolean announced) {
        return new Destination(peer, pod.ip(), false, protocol, port, pod.node(), pod.iface(), weight, 0, hour(),
            announced);
    }

    private int hour() {
        return random.nextInt(24);
    }

    private SyntheticPod longLived(String ns, String workloadName, String kind, Map<String, String> labels,
                                   List<String> services, boolean dualStack) {
        String name = "StatefulSet".equals(kind) ? workloadName + "-0"
            : addresses.deploymentPodName(workloadName, addresses.templateHash());
        SyntheticPod pod = pod(ns, name, kind + "/" + workloadName, labels, services, addresses.pickNode(), null,
            longAgo, null, dualStack);
        pods.add(pod);
        return pod;
    }

    private SyntheticPod pod(String ns, String name, String workload, Map<String, String> labels,
                             List<String> services, String node, String ip, Instant from, Instant to,
                             boolean dualStack) {
        String v4 = ip != null ? ip : addresses.podIp(node);
        return new SyntheticPod(ns, name, workload, v4, dualStack ? AddressBook.podIp6Full(v4) : null, node,
            addresses.mac(), AddressBook.caliInterface(ns, name), labels, services, from, to);
    }

    private void service(String ns, String name) {
        fixed.add(new InventoryRecord(addresses.serviceIp(), "service", ns, name, null, Map.of(), null, List.of(),
            longAgo, null));
    }

    private static List<NamespacePlan> normalised(List<NamespacePlan> plans) {
        double mean = plans.stream().mapToDouble(NamespacePlan::activity).average().orElse(1);
        return plans.stream().map(p -> new NamespacePlan(p.namespace(), p.sources(), p.destinations(),
            p.activity() / mean, p.startDay())).toList();
    }
}
