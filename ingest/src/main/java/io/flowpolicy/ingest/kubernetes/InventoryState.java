package io.flowpolicy.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.flowpolicy.model.InventoryRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns object changes into interval changes. Every method takes one lock: informers of different kinds call
 * in on different threads, and an EndpointSlice change rewrites pod intervals.
 *
 * <p>Events are ignored until {@link #initialize} has run over the informers' initial lists; the informer
 * stores are updated before their events are dispatched, so nothing seen before then is lost.
 */
final class InventoryState {
    private final Clock clock;
    private final WorkloadResolver workloads;
    private final IntervalLedger ledger;
    private final ServiceBackends backends = new ServiceBackends();
    private boolean ready;

    InventoryState(InventorySink sink, Clock clock, WorkloadResolver workloads) {
        this.clock = clock;
        this.workloads = workloads;
        this.ledger = new IntervalLedger(sink);
    }

    /**
     * Opens the intervals of the initial lists where they began, as far as the API tells: pods at their
     * {@code status.startTime}, services and nodes at their {@code metadata.creationTimestamp}, so a backfill of the
     * days before this start still finds them; at now when unknown.
     */
    synchronized void initialize(Collection<EndpointSlice> slices, Collection<Service> services,
                                 Collection<Node> nodes, Collection<Pod> pods) {
        Instant now = clock.instant();
        slices.forEach(backends::update);
        services.forEach(s -> ledger.reconcile(sourceOf("service", s),
            OwnershipMapper.serviceRecords(s, before(OwnershipMapper.creationTime(s), now)), now));
        nodes.forEach(n -> ledger.reconcile(sourceOf("node", n),
            OwnershipMapper.nodeRecords(n, before(OwnershipMapper.creationTime(n), now)), now));
        for (Pod pod : pods) {
            reconcilePod(pod, before(OwnershipMapper.startTime(pod), now), now);
        }
        ready = true;
    }

    /** The known start, unless it is missing or not before now (a clock skewed against the API server's). */
    private static Instant before(Optional<Instant> start, Instant now) {
        return start.filter(t -> t.isBefore(now)).orElse(now);
    }

    synchronized void podChanged(Pod pod) {
        if (ready) {
            Instant now = clock.instant();
            reconcilePod(pod, now, now);
        }
    }

    synchronized void podDeleted(Pod pod) {
        if (ready) {
            ledger.reconcile(sourceOf("pod", pod), List.of(), clock.instant());
        }
    }

    synchronized void serviceChanged(Service service) {
        if (ready) {
            Instant now = clock.instant();
            ledger.reconcile(sourceOf("service", service), OwnershipMapper.serviceRecords(service, now), now);
        }
    }

    synchronized void serviceDeleted(Service service) {
        if (ready) {
            ledger.reconcile(sourceOf("service", service), List.of(), clock.instant());
        }
    }

    synchronized void nodeChanged(Node node) {
        if (ready) {
            Instant now = clock.instant();
            ledger.reconcile(sourceOf("node", node), OwnershipMapper.nodeRecords(node, now), now);
        }
    }

    synchronized void nodeDeleted(Node node) {
        if (ready) {
            ledger.reconcile(sourceOf("node", node), List.of(), clock.instant());
        }
    }

    synchronized void sliceChanged(EndpointSlice slice) {
        if (ready) {
            refreshServices(backends.update(slice));
        }
    }

    synchronized void sliceDeleted(EndpointSlice slice) {
        if (ready) {
            refreshServices(backends.remove(slice));
        }
    }

    synchronized Map<String, Set<String>> backendPorts(String ip) {
        return backends.portsOf(ip);
    }

    private void reconcilePod(Pod pod, Instant from, Instant now) {
        List<InventoryRecord> desired = OwnershipMapper.ownsIps(pod)
            ? OwnershipMapper.podRecords(pod, workloads.workloadOf(pod), backends::backingOf, from)
            : List.of();
        ledger.reconcile(sourceOf("pod", pod), desired, now);
    }

    // A pod's service list (and the ports of each) lives in its interval, so a membership change closes that interval and opens a new
    // one from now; the pod object itself is not needed, the open record carries everything else.
    private void refreshServices(Set<String> ips) {
        Instant now = clock.instant();
        for (String ip : ips) {
            ServiceBackends.Backing backing = backends.backingOf(ip);
            for (String source : ledger.sourcesHolding(ip, "pod")) {
                List<InventoryRecord> desired = new ArrayList<>();
                for (InventoryRecord open : ledger.open(source)) {
                    desired.add(open.ip().equals(ip) ? withServices(open, backing, now) : open);
                }
                ledger.reconcile(source, desired, now);
            }
        }
    }

    private static InventoryRecord withServices(InventoryRecord r, ServiceBackends.Backing backing, Instant from) {
        return new InventoryRecord(r.ip(), r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            backing.services(), from, null, backing.ports());
    }

    // The UID, not the name: a StatefulSet pod recreated under the same name is a different owner.
    private static String sourceOf(String kind, HasMetadata object) {
        String uid = object.getMetadata().getUid();
        String id = uid != null && !uid.isEmpty() ? uid
            : object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        return kind + "/" + id;
    }
}
