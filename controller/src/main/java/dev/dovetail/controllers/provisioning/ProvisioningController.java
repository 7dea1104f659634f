package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.events.PodEvents;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.scheduling.NodeAssignment;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.UnschedulablePod;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.solver.Scheduler;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning loop (docs/design/architecture.md): waits for a batch of provisionable pods to
 * close, waits for cluster state to be in sync, snapshots the cluster, asks the engine for a plan,
 * nominates existing and in-flight nodes, creates a Machine for each new node (re-checking the
 * Provisioner's limits first) and reports pods that fit nowhere.
 */
public final class ProvisioningController implements SingletonReconciler {
  /** The controller name in logs and metrics. */
  public static final String NAME = "provisioner";

  private static final Logger LOG = LoggerFactory.getLogger("controller.provisioner");
  private static final Duration SYNC_RETRY = Duration.ofSeconds(1);
  private static final int NAME_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final ClusterReads reads;
  private final ClusterState state;
  private final BooleanSupplier synced;
  private final Batcher batcher;
  private final SnapshotBuilder snapshots;
  private final EventRecorder events;
  private final LifecycleMetrics lifecycleMetrics;
  private final ProvisioningMetrics metrics;
  private final Clock clock;
  private final MachineFactory machines;
  private final SolveOptions options;

  public ProvisioningController(
      KubernetesClient client,
      ClusterReads reads,
      ClusterState state,
      BooleanSupplier synced,
      Batcher batcher,
      SnapshotBuilder snapshots,
      EventRecorder events,
      LifecycleMetrics lifecycleMetrics,
      ProvisioningMetrics metrics,
      Clock clock,
      Random random,
      SolveOptions options) {
    this.client = client;
    this.reads = reads;
    this.state = state;
    this.synced = synced;
    this.batcher = batcher;
    this.snapshots = snapshots;
    this.events = events;
    this.lifecycleMetrics = lifecycleMetrics;
    this.metrics = metrics;
    this.clock = clock;
    this.machines = new MachineFactory(random);
    this.options = options;
  }

  @Override
  public Result reconcile() {
    Optional<Duration> wait = batcher.waitTime();
    if (wait.isPresent()) {
      return Result.requeueAfter(wait.get());
    }
    if (!synced.getAsBoolean()) {
      // Planning while state lags could launch twice for the same pods.
      batcher.trigger();
      return Result.requeueAfter(SYNC_RETRY);
    }
    provision();
    return Result.done();
  }

  /** What one pass did. */
  public record Outcome(Plan plan, List<Machine> created) {}

  /**
   * One provisioning pass, now, regardless of the batch window. Passes never overlap, so a pass
   * another controller asks for (an interruption's replacement) cannot launch twice for the same
   * pods as the loop's own pass.
   */
  public synchronized Outcome provision() {
    Instant start = clock.instant();
    List<StateNode> nodes = state.nodes();
    List<Pod> pods = reads.pods();
    ClusterSnapshot snapshot =
        snapshots
            .build(reads.provisioners(), nodes, pods, state.daemonSets())
            .withNamespaceLabels(reads.namespaceLabels());
    updatePodsState(pods);
    if (snapshot.pods().isEmpty()) {
      return new Outcome(null, List.of());
    }
    LOG.atInfo()
        .addKeyValue("pods", summary(List.copyOf(snapshot.pods().keySet())))
        .addKeyValue("duration", Duration.between(start, clock.instant()).toString())
        .log("found provisionable pod(s)");

    Instant solveStart = clock.instant();
    Plan plan = Scheduler.solve(snapshot.snapshot(), options);
    metrics.scheduled(Duration.between(solveStart, clock.instant()));

    nominate(snapshot, plan);
    if (!plan.newNodes().isEmpty()) {
      int podCount = plan.newNodes().stream().mapToInt(n -> n.pods().size()).sum();
      LOG.atInfo()
          .addKeyValue("machines", plan.newNodes().size())
          .addKeyValue("pods", podCount)
          .log("computed new machine(s) to fit pod(s)");
    }
    List<Machine> created = new ArrayList<>();
    for (PlannedNode planned : plan.newNodes()) {
      try {
        create(snapshot, planned).ifPresent(created::add);
      } catch (RuntimeException e) {
        // the other planned nodes still get their machines; this one is planned again next pass
        LOG.atError()
            .addKeyValue("provisioner", planned.nodePool())
            .addKeyValue("error", String.valueOf(e.getMessage()))
            .log("creating machine failed");
      }
    }
    for (UnschedulablePod u : plan.unschedulable()) {
      LOG.atError().addKeyValue("pod", u.pod()).log("Could not schedule pod, " + u.reason());
      Pod pod = snapshot.pods().get(u.pod());
      if (pod != null) {
        events.publish(PodEvents.failedToSchedule(pod, u.reason()));
      }
    }
    return new Outcome(plan, created);
  }

  private void nominate(ClusterSnapshot snapshot, Plan plan) {
    int nodes = 0;
    int pods = 0;
    for (NodeAssignment a : plan.existingNodes()) {
      StateNode node = snapshot.existing().get(a.nodeName());
      if (node == null || a.pods().isEmpty()) {
        continue;
      }
      state.nominate(node.key());
      String target = node.node().isPresent() ? "node/" + a.nodeName() : "machine/" + a.nodeName();
      for (String key : a.pods()) {
        Pod pod = snapshot.pods().get(key);
        if (pod != null) {
          events.publish(PodEvents.nominated(pod, target));
        }
      }
      if (!node.node().isPresent() || !isInitialized(node)) {
        nodes++;
        pods += a.pods().size();
      }
    }
    if (nodes > 0) {
      LOG.atInfo().log("computed " + nodes + " unready node(s) will fit " + pods + " pod(s)");
    }
  }

  private static boolean isInitialized(StateNode node) {
    return node.node()
        .map(n -> n.getMetadata().getLabels())
        .map(l -> "true".equals(l.get(WellKnownLabels.INITIALIZED)))
        .orElse(false);
  }

  private Optional<Machine> create(ClusterSnapshot snapshot, PlannedNode planned) {
    Provisioner provisioner = snapshot.pools().get(planned.nodePool());
    String name = planned.nodePool();
    Provisioner latest = client.resources(Provisioner.class).withName(name).get();
    if (latest == null || latest.getMetadata().getDeletionTimestamp() != null) {
      LOG.atError().addKeyValue("provisioner", name).log("provisioner is gone, not launching");
      return Optional.empty();
    }
    Optional<String> exceeded = limitExceeded(latest);
    if (exceeded.isPresent()) {
      LOG.atError().addKeyValue("provisioner", name).log("creating machine, " + exceeded.get());
      return Optional.empty();
    }
    Machine created = null;
    for (int attempt = 0; created == null; attempt++) {
      Machine machine = machines.machine(provisioner, planned, podsOf(snapshot, planned));
      if (latest.getMetadata().getUid() != null) {
        machine.getMetadata().getOwnerReferences().get(0).setUid(latest.getMetadata().getUid());
      }
      try {
        created = client.resource(machine).create();
      } catch (KubernetesClientException e) {
        // A generated name that is taken: draw another one.
        if (!Conflicts.isConflict(e) || attempt == NAME_ATTEMPTS - 1) {
          throw e;
        }
      }
    }
    state.updateMachine(created);
    lifecycleMetrics.machineCreated("provisioning", name);
    LOG.atInfo()
        .addKeyValue("provisioner", name)
        .addKeyValue("machine", created.getMetadata().getName())
        .addKeyValue("requests", planned.requests().toQuantityStrings().toString())
        .addKeyValue(
            "instance-types", InstanceTypeList.format(MachineFactory.instanceTypes(planned)))
        .log("created machine");
    String target = "machine/" + created.getMetadata().getName();
    for (String key : planned.pods()) {
      Pod pod = snapshot.pods().get(key);
      if (pod != null) {
        events.publish(PodEvents.nominated(pod, target));
      }
    }
    return Optional.of(created);
  }

  private static List<Pod> podsOf(ClusterSnapshot snapshot, PlannedNode planned) {
    List<Pod> pods = new ArrayList<>();
    for (String key : planned.pods()) {
      Pod pod = snapshot.pods().get(key);
      if (pod != null) {
        pods.add(pod);
      }
    }
    return pods;
  }

  /** Upstream's check before each launch: the owned capacity already exceeds a limit. */
  static Optional<String> limitExceeded(Provisioner provisioner) {
    if (provisioner.getSpec() == null
        || provisioner.getSpec().limits() == null
        || provisioner.getSpec().limits().resources() == null
        || provisioner.getStatus() == null
        || provisioner.getStatus().resources() == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, Quantity> limit :
        provisioner.getSpec().limits().resources().entrySet()) {
      Quantity used = provisioner.getStatus().resources().get(limit.getKey());
      if (used != null
          && Quantity.getAmountInBytes(used).compareTo(Quantity.getAmountInBytes(limit.getValue()))
              > 0) {
        return Optional.of(
            limit.getKey()
                + " resource usage of "
                + used
                + " exceeds limit of "
                + limit.getValue());
      }
    }
    return Optional.empty();
  }

  private void updatePodsState(List<Pod> pods) {
    Map<String, String> provisionerOfNode = new HashMap<>();
    for (StateNode n : state.nodes()) {
      n.node()
          .ifPresent(
              node ->
                  provisionerOfNode.put(
                      node.getMetadata().getName(),
                      ProvisioningMetrics.orEmpty(
                          node.getMetadata().getLabels(), WellKnownLabels.PROVISIONER_NAME)));
    }
    List<ProvisioningMetrics.PodState> rows = new ArrayList<>(pods.size());
    for (Pod pod : pods) {
      String node = PodPredicates.isScheduled(pod) ? pod.getSpec().getNodeName() : "";
      String provisioner = node.isEmpty() ? "" : provisionerOfNode.getOrDefault(node, "");
      String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
      rows.add(
          new ProvisioningMetrics.PodState(
              pod.getMetadata().getName(),
              pod.getMetadata().getNamespace(),
              node,
              provisioner,
              phase));
    }
    metrics.podsState(rows);
  }

  private static String summary(List<String> keys) {
    if (keys.size() <= 5) {
      return String.join(", ", keys);
    }
    return String.join(", ", keys.subList(0, 5)) + " and " + (keys.size() - 5) + " other(s)";
  }
}
