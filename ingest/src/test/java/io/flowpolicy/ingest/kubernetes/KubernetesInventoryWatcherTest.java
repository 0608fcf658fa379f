package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flowpolicy.ingest.MutableClock;
import io.flowpolicy.model.InventoryRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesInventoryWatcherTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant STARTED = Instant.parse("2026-03-01T09:55:00Z");
    private static final String NS = "payments";
    private static final Map<String, String> API_LABELS = Map.of("app", "api");
    /** Informers the watcher runs: pods, services, endpoint slices, nodes, replica sets, jobs. */
    static final int WATCHES = 6;

    private MockKubernetes kubernetes;
    private KubernetesClient client;
    private final MutableClock clock = new MutableClock(T0);
    private final RecordingSink sink = new RecordingSink();
    private KubernetesInventoryWatcher watcher;

    @BeforeEach
    void startServer() {
        kubernetes = new MockKubernetes();
        client = kubernetes.client();
    }

    @AfterEach
    void stopWatcherThenServer() {
        // Closing a watch that is mid-send, or with a handshake, can stall the mock server; see MockKubernetes.
        try {
            if (watcher != null) {
                kubernetes.awaitWatchesDelivered(WATCHES);
            }
        } finally {
            kubernetes.disconnect();
            try {
                if (watcher != null) {
                    watcher.close();
                }
            } finally {
                kubernetes.close();
            }
        }
    }

    @Test
    void shouldOpenPodIntervalsForBothFamiliesFromStartTimeOnStart() {
        client.resource(pod("api-1", "Running", STARTED, "10.244.1.5", "fd00:10:244:1:0:0:0:5")).create();

        start();

        assertEquals(Set.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), STARTED, null),
                podRecord("fd00:10:244:1::5", "api-1", "Pod/api-1", List.of(), STARTED, null)),
            Set.copyOf(sink.take(2)));
        assertEquals(List.of(), sink.untaken());
    }

    @Test
    void shouldCloseAndReopenPodIntervalWhenItsIpChanges() {
        start();
        Pod created = client.resource(pod("api-1", "Running", STARTED, "10.244.1.5")).create();
        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), T0, null)), sink.take(1));

        clock.set(T1);
        client.resource(withStatus(created, "Running", "10.244.1.9")).update();

        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), T0, T1),
            podRecord("10.244.1.9", "api-1", "Pod/api-1", List.of(), T1, null)), sink.take(2));
    }

    @Test
    void shouldClosePodIntervalWhenPodSucceedsThoughItKeepsItsIpInTheApi() {
        start();
        Pod created = client.resource(pod("job-1", "Running", null, "10.244.1.7")).create();
        sink.take(1);

        clock.set(T1);
        client.resource(withStatus(created, "Succeeded", "10.244.1.7")).update();

        assertEquals(List.of(podRecord("10.244.1.7", "job-1", "Pod/job-1", List.of(), T0, T1)), sink.take(1));
    }

    @Test
    void shouldHandOverAReusedIpFromACompletedPodToTheNewPod() {
        start();
        Pod job = client.resource(pod("job-1", "Running", null, "10.244.1.7")).create();
        sink.take(1);

        clock.set(T1);
        client.resource(withStatus(job, "Succeeded", "10.244.1.7")).update();
        sink.take(1);
        clock.set(T2);
        client.resource(pod("api-2", "Running", null, "10.244.1.7")).create();

        assertEquals(List.of(podRecord("10.244.1.7", "api-2", "Pod/api-2", List.of(), T2, null)), sink.take(1));
    }

    @Test
    void shouldClosePodIntervalWhenPodIsDeleted() {
        start();
        Pod created = client.resource(pod("api-1", "Running", null, "10.244.1.5")).create();
        sink.take(1);

        clock.set(T1);
        client.resource(created).delete();

        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), T0, T1)), sink.take(1));
    }

    @Test
    void shouldClosePodIntervalWhenPodGetsDeletionTimestamp() {
        start();
        Pod created = client.resource(pod("api-1", "Running", null, "10.244.1.5")).create();
        sink.take(1);

        clock.set(T1);
        created.getMetadata().setDeletionTimestamp(T1.toString());
        client.resource(created).update();

        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), T0, T1)), sink.take(1));
    }

    @Test
    void shouldOpenPendingPodIntervalOnlyOnceItHasAnIp() {
        start();
        Pod created = client.resource(pod("api-1", "Pending", null)).create();

        clock.set(T1);
        client.resource(withStatus(created, "Pending", "10.244.1.5")).update();

        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), T1, null)), sink.take(1));
    }

    @Test
    void shouldAttributeHostNetworkPodIpToItsNodeOnly() {
        client.resource(node("worker-1", "192.168.0.10", "203.0.113.10")).create();
        Pod hostNetwork = pod("calico-node-x", "Running", STARTED, "192.168.0.10");
        hostNetwork.getSpec().setHostNetwork(true);
        client.resource(hostNetwork).create();

        start();

        assertEquals(Set.of(nodeRecord("192.168.0.10", "worker-1", T0, null),
            nodeRecord("203.0.113.10", "worker-1", T0, null)), Set.copyOf(sink.take(2)));
        assertEquals(List.of(), sink.untaken());
    }

    @Test
    void shouldCloseNodeIntervalsWhenNodeIsDeleted() {
        Node node = client.resource(node("worker-1", "192.168.0.10", "203.0.113.10")).create();
        start();
        sink.take(2);

        clock.set(T1);
        client.resource(node).delete();

        assertEquals(Set.of(nodeRecord("192.168.0.10", "worker-1", T0, T1),
            nodeRecord("203.0.113.10", "worker-1", T0, T1)), Set.copyOf(sink.take(2)));
    }

    @Test
    void shouldPublishServiceClusterIpsAndSkipHeadlessServices() {
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace(NS).withName("api").endMetadata()
            .withNewSpec().withClusterIP("10.96.0.10").withClusterIPs("10.96.0.10", "fd00:96::a").endSpec()
            .build()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace(NS).withName("db").endMetadata()
            .withNewSpec().withClusterIP("None").withClusterIPs("None").endSpec().build()).create();

        start();

        assertEquals(Set.of(serviceRecord("10.96.0.10", "api", T0, null), serviceRecord("fd00:96::a", "api", T0, null)),
            Set.copyOf(sink.take(2)));
        assertEquals(List.of(), sink.untaken());

        clock.set(T1);
        client.services().inNamespace(NS).withName("api").delete();

        assertEquals(Set.of(serviceRecord("10.96.0.10", "api", T0, T1), serviceRecord("fd00:96::a", "api", T0, T1)),
            Set.copyOf(sink.take(2)));
    }

    @Test
    void shouldReopenPodIntervalWithTheServicesWhoseEndpointSlicesListIt() {
        client.resource(pod("api-1", "Running", STARTED, "10.244.1.5")).create();
        start();
        sink.take(1);

        clock.set(T1);
        EndpointSlice slice = client.resource(slice("api-abcde", "api", "10.244.1.5")).create();

        Map<String, List<String>> apiOn8080 = Map.of("payments/api", List.of("8080/TCP"));
        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), STARTED, T1),
            podRecord("10.244.1.5", "api-1", "Pod/api-1", apiOn8080, T1, null)), sink.take(2));
        assertEquals(Map.of("payments/api", Set.of("http:8080/TCP")), watcher.backendPorts("10.244.1.5"));

        clock.set(T2);
        client.resource(slice).delete();

        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", apiOn8080, T1, T2),
            podRecord("10.244.1.5", "api-1", "Pod/api-1", List.of(), T2, null)), sink.take(2));
    }

    @Test
    void shouldReopenPodIntervalWhenItsServiceReachesItOnOtherPorts() {
        EndpointSlice slice = client.resource(slice("api-abcde", "api", "10.244.1.5")).create();
        client.resource(pod("api-1", "Running", STARTED, "10.244.1.5")).create();
        start();
        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1",
            Map.of("payments/api", List.of("8080/TCP")), STARTED, null)), sink.take(1));

        clock.set(T1);
        slice.getPorts().get(0).setPort(9090);
        slice.getPorts().add(new EndpointPortBuilder().withName("dns").withPort(53).withProtocol("UDP").build());
        client.resource(slice).update();

        assertEquals(List.of(
            podRecord("10.244.1.5", "api-1", "Pod/api-1", Map.of("payments/api", List.of("8080/TCP")), STARTED, T1),
            podRecord("10.244.1.5", "api-1", "Pod/api-1", Map.of("payments/api", List.of("53/UDP", "9090/TCP")), T1,
                null)), sink.take(2));
    }

    @Test
    void shouldLeaveOutThePortsOfAServiceWithASliceForAnyPort() {
        EndpointSlice anyPort = slice("api-abcde", "api", "10.244.1.5");
        anyPort.getPorts().get(0).setPort(null);
        client.resource(anyPort).create();
        client.resource(slice("metrics-xyz", "metrics", "10.244.1.5")).create();
        client.resource(pod("api-1", "Running", STARTED, "10.244.1.5")).create();

        start();

        InventoryRecord record = sink.take(1).get(0);
        assertEquals(List.of("payments/api", "payments/metrics"), record.services());
        assertEquals(Map.of("payments/metrics", List.of("8080/TCP")), record.servicePorts());
    }

    @Test
    void shouldListServicesOfExistingSlicesInInitialPodIntervals() {
        client.resource(slice("api-abcde", "api", "10.244.1.5")).create();
        client.resource(slice("api-admin-xyz", "api-admin", "10.244.1.5")).create();
        client.resource(pod("api-1", "Running", STARTED, "10.244.1.5")).create();

        start();

        assertEquals(List.of(podRecord("10.244.1.5", "api-1", "Pod/api-1", Map.of("payments/api", List.of("8080/TCP"),
            "payments/api-admin", List.of("8080/TCP")), STARTED, null)), sink.take(1));
    }

    @Test
    void shouldAttributeDeploymentOwnedPodToItsDeployment() {
        client.resource(new ReplicaSetBuilder().withNewMetadata().withNamespace(NS).withName("web-7d4b9c")
            .withOwnerReferences(controller("apps/v1", "Deployment", "web")).endMetadata().build()).create();
        Pod pod = pod("web-7d4b9c-q2x8z", "Running", STARTED, "10.244.1.20");
        pod.getMetadata().setOwnerReferences(List.of(controller("apps/v1", "ReplicaSet", "web-7d4b9c")));
        client.resource(pod).create();

        start();

        assertEquals("Deployment/web", sink.take(1).get(0).workload());
    }

    @Test
    void shouldFallBackToPodTemplateHashWhenReplicaSetIsGone() {
        Pod pod = pod("web-7d4b9c-q2x8z", "Running", STARTED, "10.244.1.20");
        pod.getMetadata().setOwnerReferences(List.of(controller("apps/v1", "ReplicaSet", "web-7d4b9c")));
        pod.getMetadata().setLabels(Map.of("app", "api", WorkloadResolver.POD_TEMPLATE_HASH, "7d4b9c"));
        client.resource(pod).create();

        start();

        assertEquals("Deployment/web", sink.take(1).get(0).workload());
    }

    @Test
    void shouldAttributeJobPodToItsCronJobAndStatefulSetPodToItsStatefulSet() {
        client.resource(new JobBuilder().withNewMetadata().withNamespace(NS).withName("report-29000000")
            .withOwnerReferences(controller("batch/v1", "CronJob", "report")).endMetadata().build()).create();
        Pod jobPod = pod("report-29000000-abcde", "Running", STARTED, "10.244.1.30");
        jobPod.getMetadata().setOwnerReferences(List.of(controller("batch/v1", "Job", "report-29000000")));
        client.resource(jobPod).create();
        Pod dbPod = pod("db-0", "Running", STARTED, "10.244.1.31");
        dbPod.getMetadata().setOwnerReferences(List.of(controller("apps/v1", "StatefulSet", "db")));
        client.resource(dbPod).create();

        start();

        Map<String, String> workloadByName = sink.take(2).stream()
            .collect(Collectors.toMap(InventoryRecord::name, InventoryRecord::workload));
        assertEquals(Map.of("report-29000000-abcde", "CronJob/report", "db-0", "StatefulSet/db"), workloadByName);
    }

    private void start() {
        watcher = new KubernetesInventoryWatcher(client, sink, clock);
        watcher.start(Duration.ofSeconds(10));
    }

    private static Pod pod(String name, String phase, Instant startTime, String... ips) {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withLabels(API_LABELS).endMetadata()
            .withNewSpec().withNodeName("worker-1").endSpec()
            .withNewStatus().withPhase(phase).withStartTime(startTime == null ? null : startTime.toString())
            .withPodIP(ips.length == 0 ? null : ips[0])
            .withPodIPs(Arrays.stream(ips).map(ip -> new PodIPBuilder().withIp(ip).build()).toList())
            .endStatus().build();
    }

    private static Pod withStatus(Pod pod, String phase, String ip) {
        return new PodBuilder(pod).editStatus().withPhase(phase).withPodIP(ip)
            .withPodIPs(new PodIPBuilder().withIp(ip).build()).endStatus().build();
    }

    private static Node node(String name, String internalIp, String externalIp) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
            .withNewStatus().addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
            .addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress()
            .addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus().build();
    }

    private static EndpointSlice slice(String name, String service, String ip) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(NS).withName(name)
            .withLabels(Map.of(ServiceBackends.SERVICE_NAME_LABEL, service)).endMetadata()
            .withAddressType("IPv4")
            .addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions().endEndpoint()
            .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build();
    }

    private static OwnerReference controller(String apiVersion, String kind, String name) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name)
            .withUid(kind + "-" + name).withController(true).build();
    }

    private static InventoryRecord podRecord(String ip, String name, String workload, List<String> services,
                                             Instant from, Instant to) {
        return new InventoryRecord(ip, "pod", NS, name, workload, API_LABELS, "worker-1", services, from, to);
    }

    /** A pod backing services, each on the given target ports. */
    private static InventoryRecord podRecord(String ip, String name, String workload,
                                             Map<String, List<String>> servicePorts, Instant from, Instant to) {
        return new InventoryRecord(ip, "pod", NS, name, workload, API_LABELS, "worker-1",
            servicePorts.keySet().stream().sorted().toList(), from, to, servicePorts);
    }

    private static InventoryRecord serviceRecord(String ip, String name, Instant from, Instant to) {
        return new InventoryRecord(ip, "service", NS, name, null, Map.of(), null, List.of(), from, to);
    }

    private static InventoryRecord nodeRecord(String ip, String name, Instant from, Instant to) {
        return new InventoryRecord(ip, "node", null, name, null, Map.of(), name, List.of(), from, to);
    }
}
