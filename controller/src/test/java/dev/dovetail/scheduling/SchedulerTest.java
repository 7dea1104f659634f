package dev.dovetail.scheduling;

import static dev.dovetail.scheduling.fixtures.Snapshots.anyPool;
import static dev.dovetail.scheduling.fixtures.Snapshots.node;
import static dev.dovetail.scheduling.fixtures.Snapshots.pod;
import static dev.dovetail.scheduling.fixtures.Snapshots.pods;
import static dev.dovetail.scheduling.fixtures.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.fixtures.InstanceLabels;
import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.scheduling.fixtures.Snapshots;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every constraint kind, one table row each: a snapshot and what the plan must show. */
class SchedulerTest {
  private static final String ZONE = WellKnownLabels.ZONE;
  private static final String A = "us-east-1a";
  private static final String B = "us-east-1b";
  private static final String C = "us-east-1c";
  private static final LabelSelector WEB = LabelSelector.of("app", "web");

  static Stream<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();

    // ---- node selectors and requirements ----
    c.add(
        row(
            "zone node selector narrows the node's zones",
            snap(anyPool(), Pod.builder("d", "p").requests(500, 512).nodeSelector(ZONE, B).build()),
            plan -> assertThat(only(plan).zones()).containsExactly(B)));
    c.add(
        row(
            "a planned node's requirements name its zone, capacity types, arch, os and launchable"
                + " types",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(1500, 6000)
                    .nodeSelector(ZONE, B)
                    .nodeSelector(WellKnownLabels.CAPACITY_TYPE, "on-demand")
                    .build()),
            plan -> {
              Requirements r = only(plan).requirements();
              assertThat(r.get(ZONE).values()).containsExactly(B);
              assertThat(r.get(WellKnownLabels.CAPACITY_TYPE).values())
                  .containsExactly("on-demand");
              assertThat(r.get(WellKnownLabels.ARCH).values()).containsExactly("amd64");
              assertThat(r.get(WellKnownLabels.OS).values()).containsExactly("linux");
              assertThat(r.get(WellKnownLabels.INSTANCE_TYPE).values())
                  .containsExactlyInAnyOrderElementsOf(types(only(plan)));
            }));
    c.add(
        row(
            "custom label the pool does not define is unschedulable",
            snap(
                anyPool(),
                Pod.builder("d", "p").requests(500, 512).nodeSelector("team", "a").build()),
            plan -> assertThat(reason(plan)).contains("label team is not defined")));
    c.add(
        row(
            "custom label defined by pool labels schedules",
            snap(
                anyPool().withLabels(Map.of("team", "a")),
                Pod.builder("d", "p").requests(500, 512).nodeSelector("team", "a").build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "custom label with another value is unschedulable",
            snap(
                anyPool().withLabels(Map.of("team", "a")),
                Pod.builder("d", "p").requests(500, 512).nodeSelector("team", "b").build()),
            plan -> assertThat(reason(plan)).contains("team")));
    c.add(
        row(
            "instance-type In keeps only that type",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.in(WellKnownLabels.INSTANCE_TYPE, "m5.large"))
                    .build()),
            plan -> assertThat(types(only(plan))).containsExactly("m5.large")));
    c.add(
        row(
            "instance-family NotIn removes a family",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.notIn(InstanceLabels.INSTANCE_FAMILY, "t3a"))
                    .build()),
            plan ->
                assertThat(types(only(plan)))
                    .containsExactly("c5.large", "m5.large", "m5.xlarge")));
    c.add(
        row(
            "instance-cpu Gt 2 keeps larger types",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.gt(InstanceLabels.INSTANCE_CPU, 2))
                    .build()),
            plan ->
                assertThat(types(only(plan)))
                    .containsExactly("t3a.xlarge", "m5.xlarge", "t3a.2xlarge")));
    c.add(
        row(
            "instance-cpu Lt 4 keeps smaller types",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.lt(InstanceLabels.INSTANCE_CPU, 4))
                    .build()),
            plan ->
                assertThat(types(only(plan)))
                    .containsExactly("t3a.medium", "t3a.large", "c5.large", "m5.large")));
    c.add(
        row(
            "instance-gpu-count Exists needs a GPU type",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.exists(InstanceLabels.INSTANCE_GPU_COUNT))
                    .build()),
            plan -> assertThat(reason(plan)).contains("no instance type matches")));
    c.add(
        row(
            "custom label DoesNotExist matches a pool without it",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.doesNotExist("team"))
                    .build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "arch arm64 matches no amd64 type",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .nodeSelector(WellKnownLabels.ARCH, "arm64")
                    .build()),
            plan -> assertThat(reason(plan)).contains("no instance type matches")));
    c.add(
        row(
            "second required term is used when the first fails",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .requiredNodeAffinity(Requirement.in(WellKnownLabels.ARCH, "arm64"))
                    .requiredNodeAffinity(Requirement.in(WellKnownLabels.INSTANCE_TYPE, "c5.large"))
                    .build()),
            plan -> assertThat(types(only(plan))).containsExactly("c5.large")));
    c.add(
        row(
            "beta zone alias is honoured",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .nodeSelector("failure-domain.beta.kubernetes.io/zone", C)
                    .build()),
            plan -> assertThat(only(plan).zones()).containsExactly(C)));
    c.add(
        row(
            "capacity type on-demand against a spot-only pool is unschedulable",
            snap(
                pool("spot", Requirement.in(WellKnownLabels.CAPACITY_TYPE, "spot")),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .nodeSelector(WellKnownLabels.CAPACITY_TYPE, "on-demand")
                    .build()),
            plan -> assertThat(reason(plan)).contains("capacity-type")));
    c.add(
        row(
            "pool capacity type is carried to the node",
            snap(
                pool("spot", Requirement.in(WellKnownLabels.CAPACITY_TYPE, "spot")),
                pod("p", 500, 512)),
            plan -> assertThat(only(plan).capacityTypes()).containsExactly(CapacityType.SPOT)));
    c.add(
        row(
            "volume zone constraint is honoured",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .volumeRequirements(Requirements.of(Requirement.in(ZONE, A)))
                    .build()),
            plan -> assertThat(only(plan).zones()).containsExactly(A)));
    c.add(
        row(
            "volume zone constraint is never relaxed",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .volumeRequirements(Requirements.of(Requirement.in(ZONE, "eu-west-1a")))
                    .build()),
            plan -> assertThat(plan.unschedulable()).hasSize(1)));

    // ---- preferences and relaxation ----
    c.add(
        row(
            "preferred zone is honoured when possible",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .preferredNodeAffinity(10, Requirement.in(ZONE, C))
                    .build()),
            plan -> assertThat(only(plan).zones()).containsExactly(C)));
    c.add(
        row(
            "heaviest preferred term wins",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .preferredNodeAffinity(10, Requirement.in(ZONE, C))
                    .preferredNodeAffinity(50, Requirement.in(ZONE, B))
                    .build()),
            plan -> assertThat(only(plan).zones()).containsExactly(B)));
    c.add(
        row(
            "impossible preferred zone is relaxed",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .preferredNodeAffinity(10, Requirement.in(ZONE, "mars-1a"))
                    .build()),
            plan -> assertThat(only(plan).zones()).containsExactly(A, B, C)));
    c.add(
        row(
            "preferences ignored under the Ignore policy",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .preferredNodeAffinity(10, Requirement.in(ZONE, C))
                    .build()),
            SolveOptions.DEFAULT.ignoringPreferences(),
            plan -> assertThat(only(plan).zones()).containsExactly(A, B, C)));
    c.add(
        row(
            "preferred anti-affinity is relaxed when it cannot hold",
            snap(
                pool("one", Requirement.in(ZONE, A)),
                podsWith(
                    4,
                    b ->
                        b.label("app", "web")
                            .preferredPodAntiAffinity(1, PodAffinityTerm.of(WEB, ZONE)))),
            plan -> {
              assertThat(plan.unschedulable()).isEmpty();
              assertThat(zonesOf(plan)).containsExactly(A);
            }));
    c.add(
        row(
            "preferred anti-affinity on hostname is honoured when it can",
            snap(
                anyPool(),
                podsWith(
                    3,
                    b ->
                        b.label("app", "web")
                            .preferredPodAntiAffinity(
                                1, PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME)))),
            plan -> assertThat(plan.newNodes()).hasSize(3)));
    c.add(
        row(
            "preferred pod affinity pulls pods together",
            snap(
                anyPool(),
                podsWith(
                    3,
                    b ->
                        b.label("app", "web")
                            .preferredPodAffinity(1, PodAffinityTerm.of(WEB, ZONE)))),
            plan -> assertThat(zonesOf(plan)).hasSize(1)));
    c.add(
        row(
            "ScheduleAnyway spread is relaxed under limits",
            snap(
                anyPool().withRemainingLimits(Map.of("cpu", 4000L)),
                podsWith(
                    3,
                    b ->
                        b.label("app", "web")
                            .topologySpread(
                                new TopologySpreadConstraint(
                                    1, WellKnownLabels.HOSTNAME, false, WEB, 1)))),
            plan -> {
              assertThat(plan.unschedulable()).isEmpty();
              assertThat(plan.newNodes()).hasSize(1);
            }));
    c.add(
        row(
            "PreferNoSchedule taint is tolerated after relaxing",
            snap(
                anyPool()
                    .withTaints(List.of(new Taint("soft", "", TaintEffect.PREFER_NO_SCHEDULE))),
                pod("p", 500, 512)),
            plan -> assertThat(plan.newNodes()).hasSize(1)));

    // ---- taints and tolerations ----
    Taint gpuTaint = new Taint("nvidia.com/gpu", "true", TaintEffect.NO_SCHEDULE);
    c.add(
        row(
            "untolerated pool taint is unschedulable and named",
            snap(anyPool().withTaints(List.of(gpuTaint)), pod("p", 500, 512)),
            plan ->
                assertThat(reason(plan))
                    .contains("taint nvidia.com/gpu=true:NoSchedule is not tolerated")));
    c.add(
        row(
            "Equal toleration tolerates the taint",
            snap(
                anyPool().withTaints(List.of(gpuTaint)),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .toleration(Toleration.equal("nvidia.com/gpu", "true", TaintEffect.NO_SCHEDULE))
                    .build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "Equal toleration with another value does not",
            snap(
                anyPool().withTaints(List.of(gpuTaint)),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .toleration(
                        Toleration.equal("nvidia.com/gpu", "false", TaintEffect.NO_SCHEDULE))
                    .build()),
            plan -> assertThat(plan.unschedulable()).hasSize(1)));
    c.add(
        row(
            "Exists toleration tolerates any value",
            snap(
                anyPool().withTaints(List.of(gpuTaint)),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .toleration(Toleration.exists("nvidia.com/gpu", null))
                    .build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "empty-key Exists tolerates everything",
            snap(
                anyPool()
                    .withTaints(List.of(gpuTaint, new Taint("x", "y", TaintEffect.NO_EXECUTE))),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .toleration(Toleration.everything())
                    .build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "tainted existing node is skipped",
            new Snapshot(
                List.of(anyPool()),
                List.of(node("tainted", A, 4000, 8000, true, List.of(gpuTaint), List.of())),
                List.of(pod("p", 500, 512))),
            plan -> {
              assertThat(plan.existingNodes()).isEmpty();
              assertThat(plan.newNodes()).hasSize(1);
            }));

    // ---- resources ----
    c.add(
        row(
            "too large a pod names the resource and the largest allocatable",
            snap(anyPool(), pod("p", 64000, 512)),
            plan ->
                assertThat(reason(plan))
                    .contains("no instance type has enough cpu")
                    .contains("largest allocatable 7910m")));
    c.add(
        row(
            "a million cores gets the m/M typo hint",
            snap(
                anyPool(),
                Pod.builder("d", "p").requests(Resources.parse(Map.of("cpu", "1M"))).build()),
            plan ->
                assertThat(reason(plan))
                    .contains("did you write M (mega) where you meant m (milli)")));
    c.add(
        row(
            "memory decides the type",
            snap(anyPool(), pod("p", 500, 6000)),
            plan -> assertThat(only(plan).cheapestType()).isEqualTo("t3a.large")));
    c.add(
        row(
            "GPU request needs a GPU type",
            new Snapshot(
                List.of(NodePool.of("gpu", Requirements.NONE, withGpu())),
                List.of(),
                List.of(
                    Pod.builder("d", "p")
                        .requests(Resources.parse(Map.of("cpu", "1", "nvidia.com/gpu", "1")))
                        .build())),
            plan -> assertThat(types(only(plan))).containsExactly("p3.2xlarge")));
    c.add(
        row(
            "two GPU pods need two GPU nodes",
            new Snapshot(
                List.of(NodePool.of("gpu", Requirements.NONE, withGpu())),
                List.of(),
                List.of(
                    Pod.builder("d", "p1")
                        .requests(Resources.parse(Map.of("cpu", "1", "nvidia.com/gpu", "1")))
                        .build(),
                    Pod.builder("d", "p2")
                        .requests(Resources.parse(Map.of("cpu", "1", "nvidia.com/gpu", "1")))
                        .build())),
            plan -> assertThat(plan.newNodes()).hasSize(2)));
    c.add(
        row(
            "pod count limits the node",
            snap(
                pool("m5", Requirement.in(WellKnownLabels.INSTANCE_TYPE, "c5.large")),
                pods("tiny", 30, 10, 10)),
            plan -> assertThat(plan.newNodes()).hasSize(2)));
    c.add(
        row(
            "daemonset overhead pushes to a larger type",
            snap(
                anyPool().withDaemonOverhead(Resources.ofCpuMemory(500, 256L << 20)),
                pod("p", 1500, 512)),
            plan -> {
              assertThat(only(plan).cheapestType()).isEqualTo("t3a.xlarge");
              assertThat(only(plan).requests().cpuMillis()).isEqualTo(2000);
            }));
    c.add(
        row(
            "unavailable offerings are skipped",
            new Snapshot(
                List.of(
                    NodePool.of(
                        "d",
                        Requirements.NONE,
                        List.of(
                            Snapshots.unavailable(ScenarioTypes.named("t3a.medium")),
                            ScenarioTypes.named("c5.large")))),
                List.of(),
                List.of(pod("p", 500, 512))),
            plan -> assertThat(types(only(plan))).containsExactly("c5.large")));
    c.add(
        row(
            "no available offering at all is explained",
            new Snapshot(
                List.of(
                    NodePool.of(
                        "d",
                        Requirements.NONE,
                        List.of(Snapshots.unavailable(ScenarioTypes.named("t3a.medium"))))),
                List.of(),
                List.of(pod("p", 500, 512))),
            plan -> assertThat(reason(plan)).contains("available offering")));
    c.add(
        row(
            "zone offered by no fitting type is explained",
            new Snapshot(
                List.of(
                    NodePool.of(
                        "d",
                        Requirements.NONE,
                        List.of(Snapshots.onlyIn(ScenarioTypes.named("m5.large"), A)))),
                List.of(),
                List.of(Pod.builder("d", "p").requests(500, 512).nodeSelector(ZONE, B).build())),
            plan -> assertThat(plan.unschedulable()).hasSize(1)));
    c.add(
        row(
            "init containers count as their maximum",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(
                        Pod.effectiveRequests(
                            List.of(Resources.ofCpuMemory(500, 1L << 30)),
                            List.of(Resources.ofCpuMemory(3000, 1L << 30))))
                    .build()),
            plan -> assertThat(only(plan).requests().cpuMillis()).isEqualTo(3000)));

    // ---- host ports ----
    c.add(
        row(
            "same host port needs two nodes",
            snap(
                anyPool(),
                Pod.builder("d", "a").requests(100, 64).hostPort(HostPort.tcp(8080)).build(),
                Pod.builder("d", "b").requests(100, 64).hostPort(HostPort.tcp(8080)).build()),
            plan -> assertThat(plan.newNodes()).hasSize(2)));
    c.add(
        row(
            "upstream: a DaemonSet's host port counts on new nodes, so a pod wanting it is not"
                + " planned onto the pool",
            snap(
                anyPool().withDaemonHostPorts(List.of(HostPort.tcp(9100))),
                Pod.builder("d", "a").requests(100, 64).hostPort(HostPort.tcp(9100)).build()),
            plan -> {
              assertThat(plan.newNodes()).isEmpty();
              assertThat(reason(plan)).contains("host port 9100/TCP is used by a DaemonSet");
            }));
    c.add(
        row(
            "upstream: other host ports than the DaemonSet's still launch a node",
            snap(
                anyPool().withDaemonHostPorts(List.of(HostPort.tcp(9100))),
                Pod.builder("d", "a").requests(100, 64).hostPort(HostPort.tcp(9200)).build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "different host ports share a node",
            snap(
                anyPool(),
                Pod.builder("d", "a").requests(100, 64).hostPort(HostPort.tcp(8080)).build(),
                Pod.builder("d", "b").requests(100, 64).hostPort(HostPort.tcp(9090)).build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "same port on another protocol shares a node",
            snap(
                anyPool(),
                Pod.builder("d", "a").requests(100, 64).hostPort(HostPort.tcp(53)).build(),
                Pod.builder("d", "b")
                    .requests(100, 64)
                    .hostPort(new HostPort("", 53, "UDP"))
                    .build()),
            plan -> assertThat(plan.newNodes()).hasSize(1)));

    // ---- namespaceSelector in pod (anti-)affinity ----
    c.add(
        row(
            "upstream: anti-affinity with a namespaceSelector counts pods of the namespaces whose"
                + " labels match",
            inOtherNamespace(
                PodAffinityTerm.of(WEB, ZONE).withNamespaceSelector(LabelSelector.of("team", "x")),
                true),
            plan -> assertThat(only(plan).zones()).doesNotContain(A).isNotEmpty()));
    c.add(
        row(
            "upstream: anti-affinity without a namespaceSelector counts only the pod's own"
                + " namespace",
            inOtherNamespace(PodAffinityTerm.of(WEB, ZONE), true),
            plan -> assertThat(only(plan).zones()).contains(A)));
    c.add(
        row(
            "upstream: an empty namespaceSelector selects every namespace",
            inOtherNamespace(
                PodAffinityTerm.of(WEB, ZONE).withNamespaceSelector(LabelSelector.EVERYTHING),
                true),
            plan -> assertThat(only(plan).zones()).doesNotContain(A).isNotEmpty()));
    c.add(
        row(
            "upstream: affinity with a namespaceSelector follows the selected namespace's pods",
            inOtherNamespace(
                PodAffinityTerm.of(WEB, ZONE).withNamespaceSelector(LabelSelector.of("team", "x")),
                false),
            plan -> assertThat(only(plan).zones()).containsExactly(A)));

    // ---- pod (anti-)affinity on keys other than zone and hostname ----
    c.add(
        row(
            "upstream: required pod anti-affinity on kubernetes.io/arch keeps every launch type off"
                + " the selected pods' architecture",
            new Snapshot(
                List.of(NodePool.of("default", Requirements.NONE, withArm())),
                List.of(node("n-a", A, 0, 0, true, List.of(), List.of(bound("w0", "web")))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(500, 512)
                        .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.ARCH))
                        .build())),
            plan -> assertThat(types(only(plan))).isNotEmpty().allMatch(t -> t.endsWith("-arm"))));
    c.add(
        row(
            "upstream: required pod affinity on kubernetes.io/arch launches only types of the"
                + " selected pods' architecture, even when the other is cheaper",
            new Snapshot(
                List.of(NodePool.of("default", Requirements.NONE, withArm())),
                List.of(node("n-a", A, 0, 0, true, List.of(), List.of(bound("w0", "web")))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(500, 512)
                        .podAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.ARCH))
                        .build())),
            plan -> assertThat(types(only(plan))).isNotEmpty().noneMatch(t -> t.endsWith("-arm"))));
    c.add(
        row(
            "upstream: required pod affinity on node.kubernetes.io/instance-type launches the"
                + " selected pods' instance type",
            new Snapshot(
                List.of(NodePool.of("default", Requirements.NONE, ScenarioTypes.all())),
                List.of(node("n-a", A, 0, 0, true, List.of(), List.of(bound("w0", "web")))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(500, 512)
                        .podAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.INSTANCE_TYPE))
                        .build())),
            plan -> assertThat(types(only(plan))).containsExactly("m5.xlarge")));

    // ---- topology spread ----
    c.add(
        row(
            "zone spread maxSkew 1 puts two pods in each of three zones",
            snap(
                anyPool(),
                podsWith(
                    6,
                    b ->
                        b.label("app", "web")
                            .topologySpread(TopologySpreadConstraint.of(1, ZONE, WEB)))),
            plan -> assertThat(podsPerZone(plan).values()).containsExactly(2, 2, 2)));
    c.add(
        row(
            "upstream: only required node affinity narrows spread domains, a preferred zone does"
                + " not (2/2/2 over three zones)",
            snap(
                anyPool(),
                podsWith(
                    6,
                    b ->
                        b.label("app", "web")
                            .preferredNodeAffinity(1, Requirement.in(ZONE, A, B))
                            .topologySpread(TopologySpreadConstraint.of(1, ZONE, WEB)))),
            plan -> assertThat(podsPerZone(plan).values()).containsExactly(2, 2, 2)));
    c.add(
        row(
            "upstream: a required zone affinity narrows spread domains (3/3 over two zones)",
            snap(
                anyPool(),
                podsWith(
                    6,
                    b ->
                        b.label("app", "web")
                            .requiredNodeAffinity(Requirement.in(ZONE, A, B))
                            .topologySpread(TopologySpreadConstraint.of(1, ZONE, WEB)))),
            plan -> assertThat(podsPerZone(plan)).containsOnlyKeys(A, B).containsValues(3, 3)));
    c.add(
        row(
            "hostname spread maxSkew 1 puts one pod per node",
            snap(
                anyPool(),
                podsWith(
                    4,
                    b ->
                        b.label("app", "web")
                            .topologySpread(
                                TopologySpreadConstraint.of(1, WellKnownLabels.HOSTNAME, WEB)))),
            plan -> assertThat(plan.newNodes()).hasSize(4)));
    c.add(
        row(
            "hostname spread maxSkew 2 puts two pods per node",
            snap(
                anyPool(),
                podsWith(
                    4,
                    b ->
                        b.label("app", "web")
                            .topologySpread(
                                TopologySpreadConstraint.of(2, WellKnownLabels.HOSTNAME, WEB)))),
            plan -> assertThat(plan.newNodes()).hasSize(2)));
    c.add(
        row(
            "capacity-type spread uses both capacity types",
            snap(
                anyPool(),
                podsWith(
                    2,
                    b ->
                        b.label("app", "web")
                            .topologySpread(
                                TopologySpreadConstraint.of(
                                    1, WellKnownLabels.CAPACITY_TYPE, WEB)))),
            plan ->
                assertThat(
                        plan.newNodes().stream().map(n -> Set.copyOf(n.capacityTypes())).toList())
                    .containsExactlyInAnyOrder(
                        Set.of(CapacityType.SPOT), Set.of(CapacityType.ON_DEMAND))));
    c.add(
        row(
            "spread counts existing pods",
            new Snapshot(
                List.of(anyPool()),
                List.of(
                    node("n-a", A, 0, 0, true, List.of(), List.of(bound("w0", "web"))),
                    node("n-b", B, 0, 0, true, List.of(), List.of(bound("w1", "web")))),
                List.of(
                    Pod.builder("d", "p")
                        .label("app", "web")
                        .requests(100, 64)
                        .topologySpread(TopologySpreadConstraint.of(1, ZONE, WEB))
                        .build())),
            plan -> assertThat(only(plan).zones()).containsExactly(C)));
    c.add(
        row(
            "spread selector ignores other pods",
            snap(
                anyPool(),
                podsWith(
                    3,
                    b ->
                        b.label("app", "db")
                            .topologySpread(TopologySpreadConstraint.of(1, ZONE, WEB)))),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "zone spread with a pod restricted to one zone only counts that zone",
            snap(
                anyPool(),
                podsWith(
                    2,
                    b ->
                        b.label("app", "web")
                            .nodeSelector(ZONE, A)
                            .topologySpread(TopologySpreadConstraint.of(1, ZONE, WEB)))),
            plan -> assertThat(plan.unschedulable()).isEmpty()));
    c.add(
        row(
            "minDomains above the zone count keeps skew against zero",
            snap(
                pool("ab", Requirement.in(ZONE, A, B)),
                podsWith(
                    4,
                    b ->
                        b.label("app", "web")
                            .topologySpread(new TopologySpreadConstraint(1, ZONE, true, WEB, 3)))),
            plan -> assertThat(plan.unschedulable()).hasSize(2)));

    // ---- pod affinity and anti-affinity ----
    c.add(
        row(
            "zone affinity follows an existing pod",
            new Snapshot(
                List.of(anyPool()),
                List.of(node("n-b", B, 0, 0, true, List.of(), List.of(bound("db0", "db")))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(100, 64)
                        .podAffinity(PodAffinityTerm.of(LabelSelector.of("app", "db"), ZONE))
                        .build())),
            plan -> assertThat(only(plan).zones()).containsExactly(B)));
    c.add(
        row(
            "hostname affinity lands on the existing node",
            new Snapshot(
                List.of(anyPool()),
                List.of(
                    node("n-a", A, 2000, 2000),
                    node("n-b", B, 2000, 2000, true, List.of(), List.of(bound("db0", "db")))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(100, 64)
                        .podAffinity(
                            PodAffinityTerm.of(
                                LabelSelector.of("app", "db"), WellKnownLabels.HOSTNAME))
                        .build())),
            plan ->
                assertThat(plan.existingNodes())
                    .extracting(NodeAssignment::nodeName)
                    .containsExactly("n-b")));
    c.add(
        row(
            "affinity to pods that exist nowhere is unschedulable",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(100, 64)
                    .podAffinity(PodAffinityTerm.of(LabelSelector.of("app", "db"), ZONE))
                    .build()),
            plan -> assertThat(reason(plan)).contains("affinity")));
    c.add(
        row(
            "self affinity bootstraps one zone for the group",
            snap(
                anyPool(),
                podsWith(5, b -> b.label("app", "web").podAffinity(PodAffinityTerm.of(WEB, ZONE)))),
            plan -> assertThat(zonesOf(plan)).hasSize(1)));
    c.add(
        row(
            "same-batch affinity is solved by requeueing",
            snap(
                anyPool(),
                Pod.builder("d", "big").label("app", "db").requests(3000, 64).build(),
                Pod.builder("d", "small")
                    .requests(2000, 64)
                    .podAffinity(PodAffinityTerm.of(LabelSelector.of("app", "db"), ZONE))
                    .build()),
            plan -> assertThat(plan.unschedulable()).isEmpty()));
    c.add(
        row(
            "hostname anti-affinity puts each pod on its own node",
            snap(
                anyPool(),
                podsWith(
                    5,
                    b ->
                        b.label("app", "web")
                            .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME)))),
            plan -> assertThat(plan.newNodes()).hasSize(5)));
    c.add(
        row(
            "zone anti-affinity allows one pod per zone",
            snap(
                anyPool(),
                podsWith(
                    4, b -> b.label("app", "web").podAntiAffinity(PodAffinityTerm.of(WEB, ZONE)))),
            plan -> {
              assertThat(plan.scheduledPods()).isEqualTo(3);
              assertThat(reason(plan)).contains("anti-affinity");
            }));
    c.add(
        row(
            "anti-affinity to existing pods avoids their node",
            new Snapshot(
                List.of(anyPool()),
                List.of(node("n-a", A, 4000, 4000, true, List.of(), List.of(bound("w0", "web")))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(100, 64)
                        .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME))
                        .build())),
            plan -> {
              assertThat(plan.existingNodes()).isEmpty();
              assertThat(plan.newNodes()).hasSize(1);
            }));
    c.add(
        row(
            "inverse anti-affinity of an existing pod keeps matching pods out of its zone",
            new Snapshot(
                List.of(anyPool()),
                List.of(
                    node(
                        "n-a",
                        A,
                        4000,
                        4000,
                        true,
                        List.of(),
                        List.of(
                            new BoundPod(
                                "d",
                                "guard",
                                new TreeMap<>(Map.of("app", "guard")),
                                List.of(PodAffinityTerm.of(WEB, ZONE)))))),
                List.of(Pod.builder("d", "p").label("app", "web").requests(100, 64).build())),
            plan -> {
              assertThat(plan.existingNodes()).isEmpty();
              assertThat(only(plan).zones()).doesNotContain(A);
            }));
    c.add(
        row(
            "inverse anti-affinity of a pod in the same batch",
            snap(
                anyPool(),
                Pod.builder("d", "guard")
                    .requests(1000, 64)
                    .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME))
                    .build(),
                Pod.builder("d", "web").label("app", "web").requests(100, 64).build()),
            plan -> assertThat(plan.newNodes()).hasSize(2)));
    c.add(
        row(
            "anti-affinity in another namespace does not count",
            new Snapshot(
                List.of(anyPool()),
                List.of(
                    node(
                        "n-a",
                        A,
                        4000,
                        4000,
                        true,
                        List.of(),
                        List.of(
                            new BoundPod(
                                "other", "w0", new TreeMap<>(Map.of("app", "web")), List.of())))),
                List.of(
                    Pod.builder("d", "p")
                        .requests(100, 64)
                        .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME))
                        .build())),
            plan -> assertThat(plan.existingNodes()).hasSize(1)));

    // ---- existing and in-flight nodes ----
    c.add(
        row(
            "existing node with room is used first",
            new Snapshot(
                List.of(anyPool()),
                List.of(node("n-a", A, 2000, 2000)),
                List.of(pod("p", 500, 512))),
            plan -> {
              assertThat(plan.newNodes()).isEmpty();
              assertThat(plan.costPerHour()).isZero();
            }));
    c.add(
        row(
            "initialized nodes are tried before uninitialized ones",
            new Snapshot(
                List.of(anyPool()),
                List.of(
                    node("a-fresh", A, 2000, 2000, false, List.of(), List.of()),
                    node("z-ready", A, 2000, 2000)),
                List.of(pod("p", 500, 512))),
            plan -> assertThat(plan.existingNodes().get(0).nodeName()).isEqualTo("z-ready")));
    c.add(
        row(
            "existing node without room leads to a new node",
            new Snapshot(
                List.of(anyPool()),
                List.of(node("n-a", A, 200, 2000)),
                List.of(pod("p", 500, 512))),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "existing node in the wrong zone is skipped",
            new Snapshot(
                List.of(anyPool()),
                List.of(node("n-a", A, 2000, 2000)),
                List.of(Pod.builder("d", "p").requests(500, 512).nodeSelector(ZONE, B).build())),
            plan -> assertThat(only(plan).zones()).containsExactly(B)));
    c.add(
        row(
            "existing nodes fill before new ones and the rest overflow",
            new Snapshot(
                List.of(anyPool()), List.of(node("n-a", A, 1000, 4000)), pods("w", 3, 500, 256)),
            plan -> {
              assertThat(plan.existingNodes().get(0).pods()).hasSize(2);
              assertThat(plan.newNodes()).hasSize(1);
            }));
    c.add(
        row(
            "existing node without a required custom label is skipped",
            new Snapshot(
                List.of(anyPool().withLabels(Map.of("team", "a"))),
                List.of(node("n-a", A, 2000, 2000)),
                List.of(
                    Pod.builder("d", "p").requests(500, 512).nodeSelector("team", "a").build())),
            plan -> assertThat(plan.newNodes()).hasSize(1)));
    c.add(
        row(
            "without pools, pods that fit nowhere say so",
            new Snapshot(List.of(), List.of(node("n-a", A, 100, 100)), List.of(pod("p", 500, 512))),
            plan ->
                assertThat(reason(plan))
                    .contains("1 existing node(s): 1 not enough cpu/memory")
                    .contains("no Provisioner")));

    // ---- limits and weights ----
    c.add(
        row(
            "limits cap the number of nodes",
            snap(
                pool("c5", Requirement.in(WellKnownLabels.INSTANCE_TYPE, "c5.large"))
                    .withRemainingLimits(Map.of("cpu", 4000L)),
                pods("w", 3, 1500, 512)),
            plan -> {
              assertThat(plan.newNodes()).hasSize(2);
              assertThat(reason(plan)).contains("limits reached");
            }));
    c.add(
        row(
            "first-fit limits subtract the largest candidate's capacity",
            snap(
                anyPool().withRemainingLimits(Map.of("cpu", 9000L)),
                podsWith(
                    2,
                    b ->
                        b.label("app", "web")
                            .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME)))),
            new SolveOptions(true, SolveOptions.Packing.FIRST_FIT_DECREASING),
            plan -> {
              assertThat(plan.newNodes()).hasSize(1);
              assertThat(reason(plan)).contains("limits reached (cpu 1 left)");
            }));
    c.add(
        row(
            "cost-aware nodes commit only their capped candidates against limits",
            snap(
                anyPool().withRemainingLimits(Map.of("cpu", 9000L)),
                podsWith(
                    2,
                    b ->
                        b.label("app", "web")
                            .podAntiAffinity(PodAffinityTerm.of(WEB, WellKnownLabels.HOSTNAME)))),
            new SolveOptions(true, SolveOptions.Packing.COST_AWARE),
            plan -> assertThat(plan.newNodes()).hasSize(2)));
    c.add(
        row(
            "limits leave room for smaller types only",
            snap(anyPool().withRemainingLimits(Map.of("cpu", 2000L)), pod("p", 500, 512)),
            plan ->
                assertThat(types(only(plan)))
                    .doesNotContain("t3a.xlarge", "m5.xlarge", "t3a.2xlarge")));
    c.add(
        row(
            "memory limits count too",
            snap(anyPool().withRemainingLimits(Map.of("memory", 1L << 30)), pod("p", 500, 512)),
            plan -> assertThat(reason(plan)).contains("limits reached")));
    c.add(
        row(
            "higher weight pool is used first even when pricier",
            new Snapshot(
                List.of(
                    pool("cheap", Requirement.in(WellKnownLabels.INSTANCE_TYPE, "t3a.medium")),
                    pool("heavy", Requirement.in(WellKnownLabels.INSTANCE_TYPE, "m5.large"))
                        .withWeight(50)),
                List.of(),
                List.of(pod("p", 500, 512))),
            plan -> assertThat(only(plan).nodePool()).isEqualTo("heavy")));
    c.add(
        row(
            "lower weight pool takes what the heavier one cannot",
            new Snapshot(
                List.of(
                    pool("cheap", Requirement.in(WellKnownLabels.INSTANCE_TYPE, "t3a.medium")),
                    pool("heavy", Requirement.in(WellKnownLabels.INSTANCE_TYPE, "m5.large"))
                        .withWeight(50)
                        .withTaints(List.of(new Taint("dedicated", "x", TaintEffect.NO_SCHEDULE)))),
                List.of(),
                List.of(pod("p", 500, 512))),
            plan -> assertThat(only(plan).nodePool()).isEqualTo("cheap")));
    c.add(
        row(
            "pools of equal weight are tried by name",
            new Snapshot(
                List.of(pool("b-pool"), pool("a-pool")), List.of(), List.of(pod("p", 500, 512))),
            plan -> assertThat(only(plan).nodePool()).isEqualTo("a-pool")));
    c.add(
        row(
            "each pool's reason is listed",
            new Snapshot(
                List.of(
                    pool("x").withTaints(List.of(new Taint("k", "v", TaintEffect.NO_SCHEDULE))),
                    pool("y", Requirement.in(ZONE, A))),
                List.of(),
                List.of(Pod.builder("d", "p").requests(500, 512).nodeSelector(ZONE, B).build())),
            plan ->
                assertThat(reason(plan))
                    .contains("Provisioner x: taint k=v:NoSchedule")
                    .contains("Provisioner y: requirements do not match")));

    // ---- plan shape ----
    c.add(
        row(
            "candidates list every fitting type, cheapest first",
            snap(anyPool(), pod("p", 500, 512)),
            plan ->
                assertThat(types(only(plan)))
                    .containsExactly(
                        "t3a.medium",
                        "t3a.large",
                        "c5.large",
                        "m5.large",
                        "t3a.xlarge",
                        "m5.xlarge",
                        "t3a.2xlarge")));
    c.add(
        row(
            "explanation names the cheapest types with prices",
            snap(anyPool(), pod("p", 500, 512)),
            plan -> assertThat(only(plan).explanation()).contains("t3a.medium $0.0376/h")));
    c.add(
        row(
            "the lower bound never exceeds the cost",
            snap(anyPool(), pods("w", 7, 700, 900)),
            plan ->
                assertThat(plan.lowerBound())
                    .isPositive()
                    .isLessThanOrEqualTo(plan.costPerHour())));
    c.add(
        row(
            "no pods, empty plan",
            new Snapshot(List.of(anyPool()), List.of(), List.of()),
            plan -> {
              assertThat(plan.newNodes()).isEmpty();
              assertThat(plan.costPerHour()).isZero();
            }));
    c.add(
        row(
            "relaxations are named in the reason",
            snap(
                anyPool(),
                Pod.builder("d", "p")
                    .requests(500, 512)
                    .preferredNodeAffinity(1, Requirement.in(ZONE, B))
                    .nodeSelector("team", "x")
                    .build()),
            plan -> assertThat(reason(plan)).contains("already relaxed: preferred node affinity")));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Snapshot snapshot, SolveOptions options, Consumer<Plan> expectation) {
    Plan plan = Scheduler.solve(snapshot, options);
    expectation.accept(plan);
    if (options.packing() == SolveOptions.Packing.CHEAPEST) {
      assertThat(plan.costPerHour()).isLessThanOrEqualTo(plan.firstFitCostPerHour() + 1e-9);
    }
    assertThat(Scheduler.solve(snapshot, options)).as("deterministic").isEqualTo(plan);
  }

  // ---- helpers ----

  private static Arguments row(String name, Snapshot s, Consumer<Plan> expectation) {
    return Arguments.of(name, s, SolveOptions.DEFAULT, expectation);
  }

  private static Arguments row(
      String name, Snapshot s, SolveOptions options, Consumer<Plan> expectation) {
    return Arguments.of(name, s, options, expectation);
  }

  private static Snapshot snap(NodePool pool, Pod... pods) {
    return new Snapshot(List.of(pool), List.of(), List.of(pods));
  }

  private static Snapshot snap(NodePool pool, List<Pod> pods) {
    return new Snapshot(List.of(pool), List.of(), pods);
  }

  private static List<Pod> podsWith(
      int n, java.util.function.UnaryOperator<Pod.Builder> customize) {
    List<Pod> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          customize.apply(Pod.builder("d", "p" + i).requests(500, 256).creationOrder(i)).build());
    }
    return out;
  }

  private static BoundPod bound(String name, String app) {
    return new BoundPod("d", name, new TreeMap<>(Map.of("app", app)), List.of());
  }

  /**
   * A web pod bound in namespace {@code other} (labelled team=x) on a node in zone A, and a pending
   * pod in namespace {@code d} with the term as required affinity or anti-affinity.
   */
  private static Snapshot inOtherNamespace(PodAffinityTerm term, boolean anti) {
    BoundPod web = new BoundPod("other", "w0", new TreeMap<>(Map.of("app", "web")), List.of());
    Pod.Builder pending = Pod.builder("d", "p").requests(500, 512);
    if (anti) {
      pending.podAntiAffinity(term);
    } else {
      pending.podAffinity(term);
    }
    return new Snapshot(
        List.of(anyPool()),
        List.of(node("n-a", A, 0, 0, true, List.of(), List.of(web))),
        List.of(pending.build()),
        Map.of("other", Map.of("team", "x"), "d", Map.of()));
  }

  /**
   * The scenario types plus an arm64 copy of each at 80% of the price, named {@code <type>-arm}.
   */
  private static List<InstanceType> withArm() {
    List<InstanceType> types = new ArrayList<>(ScenarioTypes.all());
    for (InstanceType t : ScenarioTypes.all()) {
      List<Offering> offerings = new ArrayList<>();
      for (Offering o : t.offerings()) {
        offerings.add(new Offering(o.zone(), o.capacityType(), o.pricePerHour() * 0.8, true));
      }
      types.add(
          InstanceType.of(
              t.name() + "-arm",
              t.requirements()
                  .without(WellKnownLabels.ARCH)
                  .without(WellKnownLabels.ZONE)
                  .without(WellKnownLabels.CAPACITY_TYPE)
                  .and(Requirement.in(WellKnownLabels.ARCH, "arm64")),
              t.capacity(),
              t.overhead(),
              offerings));
    }
    return types;
  }

  private static List<InstanceType> withGpu() {
    List<InstanceType> types = new ArrayList<>(ScenarioTypes.all());
    types.add(Snapshots.gpuType());
    return types;
  }

  private static PlannedNode only(Plan plan) {
    assertThat(plan.unschedulable()).as("unschedulable").isEmpty();
    assertThat(plan.newNodes()).hasSize(1);
    return plan.newNodes().get(0);
  }

  private static String reason(Plan plan) {
    assertThat(plan.unschedulable()).isNotEmpty();
    return plan.unschedulable().get(0).reason();
  }

  private static List<String> types(PlannedNode node) {
    return node.candidates().stream().map(Candidate::instanceType).toList();
  }

  private static Set<String> zonesOf(Plan plan) {
    Set<String> zones = new java.util.TreeSet<>();
    plan.newNodes().forEach(n -> zones.addAll(n.zones()));
    return zones;
  }

  private static Map<String, Integer> podsPerZone(Plan plan) {
    Map<String, Integer> out = new TreeMap<>();
    for (PlannedNode n : plan.newNodes()) {
      assertThat(n.zones()).hasSize(1);
      out.merge(n.zones().first(), n.pods().size(), Integer::sum);
    }
    return out;
  }
}
