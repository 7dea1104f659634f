package dev.dovetail.bench;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineSpec;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.deprovisioning.Command;
import dev.dovetail.controllers.deprovisioning.DeprovisioningController;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Times one full deprovisioning evaluation pass (candidates, filters, every method in upstream
 * order with its simulations) over a large in-memory cluster: {@code nodes} on-demand nodes of one
 * type, {@code podsPerNode} controller-owned pods each with random requests, one consolidating
 * Provisioner. Cluster state is built once; the pass is what is timed.
 */
public final class ConsolidationBenchmark {
  /**
   * @param nodes nodes in the cluster
   * @param pods pods in the cluster
   * @param millis median wall-clock time of one pass
   * @param cpuMillis median CPU time of the thread running the pass (less sensitive than {@code
   *     millis} to other processes on a busy machine)
   * @param decision what the pass chose
   */
  public record Result(int nodes, int pods, double millis, double cpuMillis, String decision) {}

  private final List<InstanceType> types;
  private final String nodeType;

  /**
   * @param types the catalog's instance types
   * @param nodeType the type every node runs
   */
  public ConsolidationBenchmark(List<InstanceType> types, String nodeType) {
    this.types = List.copyOf(types);
    this.nodeType = nodeType;
  }

  public Result run(int nodes, int podsPerNode, int rounds) {
    InstanceType type =
        types.stream()
            .filter(t -> t.name().equals(nodeType))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no type " + nodeType));
    Offering offering =
        type.offerings().stream()
            .filter(o -> o.capacityType() == CapacityType.ON_DEMAND)
            .findFirst()
            .orElseThrow();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), java.time.ZoneOffset.UTC);
    ClusterState state = new ClusterState(clock);
    List<Pod> pods = new ArrayList<>();
    Random random = new Random(42);
    long cpu = type.allocatable().get("cpu");
    long perPod = cpu / (podsPerNode + 2);
    for (int i = 0; i < nodes; i++) {
      String name = "node-" + i;
      String providerId = "aws:///" + offering.zone() + "/i-" + i;
      Node node = node(name, providerId, type, offering);
      state.updateNode(node);
      Machine machine = new Machine();
      machine.setMetadata(
          new ObjectMetaBuilder()
              .withName("machine-" + i)
              .withCreationTimestamp("2026-01-01T00:00:00Z")
              .withLabels(Map.of(WellKnownLabels.PROVISIONER_NAME, "default"))
              .build());
      machine.setSpec(new MachineSpec(null, null, List.of(), null, null, null));
      machine.setStatus(
          new MachineStatus(
              providerId,
              node.getStatus().getAllocatable(),
              node.getStatus().getAllocatable(),
              name,
              List.of()));
      state.updateMachine(machine);
      for (int p = 0; p < podsPerNode; p++) {
        long millis = perPod / 2 + random.nextInt((int) Math.max(1, perPod / 2));
        Pod pod = pod(name + "-" + p, name, millis);
        pods.add(pod);
        state.updatePod(pod);
      }
    }
    Provisioner provisioner =
        Serialization.unmarshal(
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: default}
            spec:
              consolidation: {enabled: true}
              providerRef: {name: default}
              requirements:
                - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            """,
            Provisioner.class);
    ClusterReads reads =
        new ClusterReads() {
          @Override
          public List<Provisioner> provisioners() {
            return List.of(provisioner);
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
    DeprovisioningController controller =
        new DeprovisioningController(
            null,
            reads,
            state,
            () -> true,
            new SnapshotBuilder(pool -> types, UnaryOperator.identity()),
            List::of,
            null,
            e -> {},
            new SimpleMeterRegistry(),
            clock,
            new Random(0),
            DeprovisioningController.Settings.DEFAULT);
    double[] times = new double[rounds];
    double[] cpuTimes = new double[rounds];
    String decision = "";
    // Round 0 warms up and is not counted.
    for (int r = 0; r < rounds + 1; r++) {
      Stopwatch watch = Stopwatch.start();
      Optional<Command> command = controller.preview(e -> {}).command();
      if (r > 0) {
        times[r - 1] = watch.wallMillis();
        cpuTimes[r - 1] = watch.cpuMillis();
      }
      decision = command.map(Command::describe).orElse("nothing to do");
    }
    return new Result(
        nodes, pods.size(), Stopwatch.median(times), Stopwatch.median(cpuTimes), decision);
  }

  private static Node node(String name, String providerId, InstanceType type, Offering offering) {
    Map<String, String> labels = new TreeMap<>(type.requirements().labels());
    labels.put(WellKnownLabels.INSTANCE_TYPE, type.name());
    labels.put(WellKnownLabels.ZONE, offering.zone());
    labels.put(WellKnownLabels.CAPACITY_TYPE, "on-demand");
    labels.put(WellKnownLabels.PROVISIONER_NAME, "default");
    labels.put(WellKnownLabels.INITIALIZED, "true");
    labels.put(WellKnownLabels.HOSTNAME, name);
    Map<String, Quantity> allocatable = new TreeMap<>();
    type.allocatable().toQuantityStrings().forEach((k, v) -> allocatable.put(k, new Quantity(v)));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withProviderID(providerId)
        .endSpec()
        .withNewStatus()
        .withAllocatable(allocatable)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Pod pod(String name, String node, long millis) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .withCreationTimestamp("2026-01-01T00:00:00Z")
        .addToLabels("app", "bench")
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName("bench")
        .withUid("rs-bench")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("c")
        .withImage("pause")
        .withNewResources()
        .addToRequests("cpu", new Quantity(millis + "m"))
        .addToRequests("memory", new Quantity("512Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }
}
