package io.flowpolicy.local.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Loads every manifest of deploy/kubernetes into the fabric8 model and checks what a cluster would run. */
class KubernetesManifestsTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final List<HasMetadata> RESOURCES = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path dir = RepositoryFiles.root().resolve("deploy/kubernetes");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                        RESOURCES.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
                    }
                }
            }
        }
    }

    @Test
    void shouldDeclareExactlyTheExpectedResources() {
        Map<String, String> kinds = new TreeMap<>();
        RESOURCES.forEach(r -> kinds.put(r.getKind() + "/" + r.getMetadata().getName(), r.getApiVersion()));
        assertEquals(new TreeMap<>(Map.ofEntries(
            Map.entry("Namespace/flowpolicy", "v1"),
            Map.entry("ServiceAccount/flowpolicy", "v1"),
            Map.entry("ServiceAccount/flowpolicy-inventory", "v1"),
            Map.entry("ClusterRole/flowpolicy-inventory", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRoleBinding/flowpolicy-inventory", "rbac.authorization.k8s.io/v1"),
            Map.entry("Deployment/flowpolicy-ingest", "apps/v1"),
            Map.entry("Deployment/flowpolicy-inventory", "apps/v1"),
            Map.entry("Deployment/flowpolicy-sink", "apps/v1"),
            Map.entry("StatefulSet/flowpolicy-streams", "apps/v1"),
            Map.entry("Service/flowpolicy-streams", "v1"),
            Map.entry("Service/flowpolicy-streams-headless", "v1"),
            Map.entry("Tier/flow-logging", "projectcalico.org/v3"),
            Map.entry("GlobalNetworkPolicy/flow-logging.log-egress", "projectcalico.org/v3"))), kinds);
        RESOURCES.stream().filter(r -> !r.getKind().startsWith("Cluster") && !r.getKind().equals("Namespace")
                && !r.getApiVersion().startsWith("projectcalico"))
            .forEach(r -> assertEquals("flowpolicy", r.getMetadata().getNamespace(), r.getKind()));
    }

    @Test
    void shouldGrantTheInventoryReadOnlyAccessToWhatItWatches() {
        ClusterRole role = one(ClusterRole.class, "flowpolicy-inventory");
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertEquals(Set.of("get", "list", "watch"), new HashSet<>(rule.getVerbs()), rule.toString());
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            for (String group : rule.getApiGroups()) {
                rule.getResources().forEach(resource -> granted.add(group + "/" + resource));
            }
        }
        assertEquals(Set.of("/pods", "/services", "/nodes", "discovery.k8s.io/endpointslices", "apps/replicasets",
            "batch/jobs"), granted);
        assertEquals("flowpolicy-inventory",
            one(Deployment.class, "flowpolicy-inventory").getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void shouldRunContainerArgumentsThatParseAgainstTheCommandLine() {
        List<Executable> checks = new ArrayList<>();
        Map<String, String> commands = new TreeMap<>();
        for (PodSpec pod : podSpecs()) {
            for (Container c : pod.getContainers()) {
                checks.add(() -> commands.put(c.getName(), CommandLines.assertParses("container " + c.getName(),
                    c.getArgs())));
            }
        }
        assertAll(checks);
        assertEquals(Map.of("ingest", "ingest", "inventory", "inventory", "streams", "streams", "sink", "sink"),
            commands);
        assertTrue(one(Deployment.class, "flowpolicy-inventory").getSpec().getTemplate().getSpec().getContainers()
            .get(0).getArgs().contains("--kubernetes"));
        // A fresh install has no checkpoint: ingest starts a relative --from back, and resumes at its checkpoint.
        assertTrue(one(Deployment.class, "flowpolicy-ingest").getSpec().getTemplate().getSpec().getContainers()
            .get(0).getArgs().contains("--from=7d"));
    }

    @Test
    void shouldMountOnlyDeclaredVolumesOrClaimTemplates() {
        for (HasMetadata r : RESOURCES) {
            PodSpec pod = podSpec(r);
            if (pod == null) {
                continue;
            }
            Set<String> volumes = new HashSet<>();
            if (pod.getVolumes() != null) {
                pod.getVolumes().stream().map(Volume::getName).forEach(volumes::add);
            }
            if (r instanceof StatefulSet s && s.getSpec().getVolumeClaimTemplates() != null) {
                s.getSpec().getVolumeClaimTemplates().forEach(t -> volumes.add(t.getMetadata().getName()));
            }
            for (Container c : pod.getContainers()) {
                for (VolumeMount mount : c.getVolumeMounts()) {
                    assertTrue(volumes.contains(mount.getName()), r.getMetadata().getName() + " mounts " + mount.getName());
                }
            }
        }
    }

    @Test
    void shouldGiveStreamsPersistentStateAndAddressableInstances() {
        StatefulSet streams = one(StatefulSet.class, "flowpolicy-streams");
        Service headless = one(Service.class, "flowpolicy-streams-headless");
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(headless.getMetadata().getName(), streams.getSpec().getServiceName());
        assertEquals("state", streams.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
        Container c = streams.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(c.getArgs().contains("--state-dir=/state"));
        assertEquals("/state", c.getVolumeMounts().get(0).getMountPath());
        assertTrue(c.getArgs().contains(
            "--advertised-host=$(POD_NAME).flowpolicy-streams-headless.$(POD_NAMESPACE).svc.cluster.local"));
        assertEquals("metadata.name", c.getEnv().stream().filter(e -> e.getName().equals("POD_NAME")).findFirst()
            .orElseThrow().getValueFrom().getFieldRef().getFieldPath());
        Service dashboard = one(Service.class, "flowpolicy-streams");
        assertEquals(streams.getSpec().getSelector().getMatchLabels(), dashboard.getSpec().getSelector());
    }

    @Test
    void shouldReadTheGitTokenFromAMountedSecret() {
        PodSpec pod = one(Deployment.class, "flowpolicy-sink").getSpec().getTemplate().getSpec();
        Volume token = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
            .filter(m -> m.getName().equals(token.getName())).findFirst().orElseThrow();
        String tokenFile = mount.getMountPath() + "/" + token.getSecret().getItems().get(0).getPath();
        assertTrue(pod.getContainers().get(0).getArgs().contains("--git-token-file=" + tokenFile));
        assertTrue(mount.getReadOnly());
    }

    @Test
    void shouldOfferAnSshVariantOfTheSinkThatDiffersOnlyInHowItReachesGit() throws Exception {
        Deployment https = one(Deployment.class, "flowpolicy-sink");
        Deployment ssh = SERIALIZATION.unmarshal(Files.readString(RepositoryFiles.root()
            .resolve("deploy/kubernetes/git-ssh/50-policy-sink.yaml")), Deployment.class);
        PodSpec pod = ssh.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        Volume secret = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(secret.getName()))
            .findFirst().orElseThrow();
        Map<String, String> files = new TreeMap<>();
        secret.getSecret().getItems().forEach(i -> files.put(i.getKey(), mount.getMountPath() + "/" + i.getPath()));

        assertEquals("sink", CommandLines.assertParses("git-ssh/50-policy-sink.yaml", c.getArgs()));
        assertTrue(c.getArgs().contains("--git-repo=git@git.example.com:platform/egress-policies.git"), c.getArgs()
            .toString());
        assertTrue(c.getArgs().contains("--git-ssh-key-file=" + files.get("ssh-privatekey")), c.getArgs().toString());
        assertTrue(c.getArgs().contains("--git-known-hosts=" + files.get("known_hosts")), c.getArgs().toString());
        assertTrue(mount.getReadOnly());
        assertEquals("flowpolicy-git-ssh", secret.getSecret().getSecretName());
        // Everything else as in the https manifest, so the two do not drift apart.
        Container httpsSink = https.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(withoutGitAccess(httpsSink.getArgs()), withoutGitAccess(c.getArgs()));
        assertEquals(httpsSink.getImage(), c.getImage());
        assertEquals(httpsSink.getResources(), c.getResources());
        assertEquals(https.getSpec().getReplicas(), ssh.getSpec().getReplicas());
        assertEquals(https.getSpec().getTemplate().getSpec().getSecurityContext(), pod.getSecurityContext());
        assertEquals(https.getMetadata(), ssh.getMetadata());
    }

    private static List<String> withoutGitAccess(List<String> args) {
        return args.stream().filter(a -> !a.startsWith("--git-repo=") && !a.startsWith("--git-token-file=")
            && !a.startsWith("--git-ssh-key-file=") && !a.startsWith("--git-known-hosts=")).toList();
    }

    @Test
    void shouldObserveThroughALoggingTierThatNeverChangesAVerdict() {
        GenericKubernetesResource tier = assertInstanceOf(GenericKubernetesResource.class,
            RESOURCES.stream().filter(r -> r.getKind().equals("Tier")).findFirst().orElseThrow());
        assertEquals("Pass", ((Map<?, ?>) tier.getAdditionalProperties().get("spec")).get("defaultAction"));
        GenericKubernetesResource policy = (GenericKubernetesResource) RESOURCES.stream()
            .filter(r -> r.getKind().equals("GlobalNetworkPolicy")).findFirst().orElseThrow();
        Map<?, ?> spec = (Map<?, ?>) policy.getAdditionalProperties().get("spec");
        assertEquals("flow-logging", spec.get("tier"));
        assertTrue(policy.getMetadata().getName().startsWith(spec.get("tier") + "."), "Calico <= 3.31 naming");
        assertEquals(List.of("Egress"), spec.get("types"));
        assertEquals(List.of(Map.of("action", "Log"), Map.of("action", "Pass")), spec.get("egress"));
        assertNotNull(spec.get("namespaceSelector"));
    }

    private static List<PodSpec> podSpecs() {
        return RESOURCES.stream().map(KubernetesManifestsTest::podSpec).filter(p -> p != null).toList();
    }

    private static PodSpec podSpec(HasMetadata r) {
        if (r instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        return r instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        return RESOURCES.stream().filter(type::isInstance).map(type::cast)
            .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name));
    }
}
