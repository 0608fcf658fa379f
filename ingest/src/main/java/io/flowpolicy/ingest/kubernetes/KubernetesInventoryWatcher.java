package io.flowpolicy.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Pods, Services, EndpointSlices and Nodes in all namespaces with fabric8 informers and publishes IP
 * ownership as intervals to an {@link InventorySink}: pod IPs while Pending/Running (hostNetwork pods excluded),
 * Service ClusterIPs, node InternalIP/ExternalIP addresses. Pod records name their controlling workload and the
 * Services whose EndpointSlices list the pod IP. Interval times come from the injected clock.
 *
 * <p>ReplicaSets and Jobs are also watched, to resolve Deployment and CronJob owners without an API call per pod.
 * Stopping the watcher does not close open intervals: the objects still own their IPs.
 */
public final class KubernetesInventoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesInventoryWatcher.class);

    private final KubernetesClient client;
    private final InventoryState state;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<CompletableFuture<Void>> pendingSyncs = new ArrayList<>();
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Job> jobs;

    /** Creates a stopped watcher; nothing is published until {@link #start}. */
    public KubernetesInventoryWatcher(KubernetesClient client, InventorySink sink, Clock clock) {
        this.client = client;
        this.state = new InventoryState(sink, clock,
            new WorkloadResolver(key -> replicaSets.getStore().getByKey(key), key -> jobs.getStore().getByKey(key)));
    }

    /**
     * Starts the informers and publishes the initial intervals. Blocks until every initial list has been
     * received and published.
     *
     * @throws IllegalStateException when already started, or when the lists are not synced within the timeout
     *                               (the informers are stopped again)
     */
    public synchronized void start(Duration timeout) {
        if (!informers.isEmpty()) {
            throw new IllegalStateException("watcher already started");
        }
        // Owners first, so the initial pods resolve Deployment/CronJob rather than falling back.
        replicaSets = register(client.apps().replicaSets().inAnyNamespace().runnableInformer(0), null);
        jobs = register(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0), null);
        awaitSynced(timeout);
        SharedIndexInformer<EndpointSlice> slices = register(
            client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0),
            handler(state::sliceChanged, state::sliceDeleted));
        SharedIndexInformer<Service> services = register(client.services().inAnyNamespace().runnableInformer(0),
            handler(state::serviceChanged, state::serviceDeleted));
        SharedIndexInformer<Node> nodes = register(client.nodes().runnableInformer(0),
            handler(state::nodeChanged, state::nodeDeleted));
        SharedIndexInformer<Pod> pods = register(client.pods().inAnyNamespace().runnableInformer(0),
            handler(state::podChanged, state::podDeleted));
        awaitSynced(timeout);
        state.initialize(slices.getStore().list(), services.getStore().list(), nodes.getStore().list(),
            pods.getStore().list());
        LOG.info("Kubernetes inventory started: {} pods, {} services, {} endpoint slices, {} nodes",
            pods.getStore().list().size(), services.getStore().list().size(), slices.getStore().list().size(),
            nodes.getStore().list().size());
    }

    /** Per Service the IP backs, its EndpointSlice ports as {@code name:port/protocol}; empty when it backs none. */
    public Map<String, Set<String>> backendPorts(String ip) {
        return state.backendPorts(ip);
    }

    /** Stops every informer; open intervals stay open. */
    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    private <T extends HasMetadata> SharedIndexInformer<T> register(SharedIndexInformer<T> informer,
                                                                  ResourceEventHandler<T> handler) {
        if (handler != null) {
            informer.addEventHandler(handler);
        }
        informers.add(informer);
        pendingSyncs.add(informer.start().toCompletableFuture());
        return informer;
    }

    private void awaitSynced(Duration timeout) {
        CompletableFuture<?>[] syncs = pendingSyncs.toArray(CompletableFuture[]::new);
        pendingSyncs.clear();
        try {
            CompletableFuture.allOf(syncs).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            close();
            throw new IllegalStateException("Kubernetes informers not synced within " + timeout, e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kubernetes informers", e);
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                changed.accept(newObject);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                deleted.accept(object);
            }
        };
    }
}
