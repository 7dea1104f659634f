package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Overhead;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.TestMachines;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A cluster held in memory for deprovisioning decisions without an API server: nodes of a small
 * on-demand menu in one zone, each running pods of given CPU requests, one consolidating
 * Provisioner. {@link #evaluate()} gives the pass's {@link Evaluation}.
 */
final class SyntheticCluster {
  /** The menu: name → (CPU, $/h). Allocatable equals capacity. */
  static final Map<String, double[]> MENU =
      Map.of(
          "small", new double[] {2, 0.10},
          "medium", new double[] {4, 0.20},
          "large", new double[] {8, 0.40});

  final FakeClock clock = new FakeClock();
  final ClusterState state = new ClusterState(clock);
  final RecordingEventRecorder events = new RecordingEventRecorder();
  private final List<Pod> pods = new ArrayList<>();
  private final List<String> menu;
  private int nodes;
  private String provisionerSpec = "";

  SyntheticCluster(String... menu) {
    this.menu = List.of(menu);
  }

  static InstanceType type(String name) {
    double[] t = MENU.get(name);
    return InstanceType.of(
        name,
        Requirements.of(
            Requirement.in(WellKnownLabels.ARCH, "amd64"),
            Requirement.in(WellKnownLabels.OS, "linux")),
        Resources.parse(
            Map.of(
                "cpu", String.valueOf((int) t[0]), "memory", (int) t[0] * 4 + "Gi", "pods", "110")),
        Overhead.NONE,
        List.of(new Offering("zone-a", CapacityType.ON_DEMAND, t[1], true)));
  }

  /** Adds fields (YAML lines indented by two spaces) to the Provisioner's spec. */
  SyntheticCluster withProvisionerSpec(String lines) {
    this.provisionerSpec = lines;
    return this;
  }

  /** Adds a node of {@code type} running one pod per entry of {@code podMillis}. */
  SyntheticCluster node(String type, int... podMillis) {
    String name = "n" + (++nodes);
    double[] t = MENU.get(type);
    Map<String, String> labels = new TreeMap<>();
    labels.put(WellKnownLabels.INSTANCE_TYPE, type);
    labels.put(WellKnownLabels.ZONE, "zone-a");
    labels.put(WellKnownLabels.CAPACITY_TYPE, "on-demand");
    labels.put(WellKnownLabels.PROVISIONER_NAME, "default");
    labels.put(WellKnownLabels.INITIALIZED, "true");
    labels.put(WellKnownLabels.ARCH, "amd64");
    labels.put(WellKnownLabels.OS, "linux");
    labels.put(WellKnownLabels.HOSTNAME, name);
    String providerId = "fake:///zone-a/" + name;
    Map<String, Quantity> allocatable =
        Map.of(
            "cpu", new Quantity(String.valueOf((int) t[0])),
            "memory", new Quantity((int) t[0] * 4 + "Gi"),
            "pods", new Quantity("110"));
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(labels)
            .withAnnotations(new TreeMap<>())
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .endMetadata()
            .withNewSpec()
            .withProviderID(providerId)
            .endSpec()
            .withNewStatus()
            .withAllocatable(allocatable)
            .withCapacity(allocatable)
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    Machine machine = TestMachines.machine("default").name("m-" + name).build();
    machine.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    machine.setStatus(new MachineStatus(providerId, allocatable, allocatable, name, List.of()));
    state.updateNode(node);
    state.updateMachine(machine);
    int i = 0;
    for (int millis : podMillis) {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withNamespace("default")
              .withName(name + "-p" + (i++))
              .withCreationTimestamp("2026-01-01T00:00:00Z")
              .addToLabels("app", "x")
              .addNewOwnerReference()
              .withApiVersion("apps/v1")
              .withKind("ReplicaSet")
              .withName("x")
              .withUid("rs-x")
              .withController(true)
              .endOwnerReference()
              .endMetadata()
              .withNewSpec()
              .withNodeName(name)
              .addNewContainer()
              .withName("c")
              .withImage("pause")
              .withNewResources()
              .addToRequests("cpu", new Quantity(millis + "m"))
              .endResources()
              .endContainer()
              .endSpec()
              .withNewStatus()
              .withPhase("Running")
              .endStatus()
              .build();
      pods.add(pod);
      state.updatePod(pod);
    }
    return this;
  }

  Provisioner provisioner() {
    return Serialization.unmarshal(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          consolidation: {enabled: true}
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
        """
            + provisionerSpec,
        Provisioner.class);
  }

  Evaluation evaluate() {
    List<InstanceType> types = menu.stream().map(SyntheticCluster::type).toList();
    ClusterReads reads =
        new ClusterReads() {
          @Override
          public List<Provisioner> provisioners() {
            return List.of(provisioner());
          }

          @Override
          public List<Pod> pods() {
            return pods;
          }

          @Override
          public Optional<Pod> pod(String key) {
            return Optional.empty();
          }
        };
    return new Evaluator(
            reads,
            state,
            new SnapshotBuilder(pool -> types, UnaryOperator.identity()),
            List::of,
            SolveOptions.DEFAULT,
            clock)
        .evaluate(clock.instant(), events);
  }
}
