package dev.dovetail.aws.controllers.interruption;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes interrupted nodes out of the cluster. Upstream's way deletes the Machine at once, and the
 * node termination controller drains it. Dovetail's way for a spot warning (and a rebalance
 * recommendation with {@code Replace}) first marks the node {@link StateNode#INTERRUPTION_PENDING}
 * (annotation and NoSchedule taint) so that planning treats its pods as pending and never places
 * anything on it, runs a provisioning pass at once to create the replacement Machines, and deletes
 * the interrupted Machine only once every replacement is initialized (or gone), or at the drain
 * deadline, whichever comes first. Its loop checks the waiting nodes every second and picks up
 * marked nodes a previous leader left behind.
 */
public final class InterruptedNodes implements SingletonReconciler {
  /** The drain loop's name in logs and metrics. */
  public static final String NAME = "interruption.drain";

  static final Duration CHECK = Duration.ofSeconds(1);

  /** Cluster state's change count at the last scan for marked nodes; -1 before the first. */
  private long scannedAt = -1;

  private static final Logger LOG = LoggerFactory.getLogger("controller.interruption");

  /** A node waiting for its replacements before it is drained. */
  record Waiting(
      String key,
      String machine,
      String node,
      String messageKind,
      List<String> replacements,
      Instant drainBy,
      boolean recovered) {}

  private final KubernetesClient client;
  private final ClusterState state;
  private final Supplier<List<String>> provisionNow;
  private final EventRecorder events;
  private final Clock clock;
  private final String queueName;
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

  /**
   * @param provisionNow runs one provisioning pass now and returns the names of the Machines it
   *     created
   */
  public InterruptedNodes(
      KubernetesClient client,
      ClusterState state,
      Supplier<List<String>> provisionNow,
      EventRecorder events,
      Clock clock,
      String queueName) {
    this.client = client;
    this.state = state;
    this.provisionNow = provisionNow;
    this.events = events;
    this.clock = clock;
    this.queueName = queueName;
  }

  /** Upstream's order: delete the Machine now; its pods go pending once the node drains. */
  public void deleteNow(StateNode target, String messageKind) {
    deleteMachine(target, messageKind);
  }

  /**
   * Dovetail's order: mark, launch the replacements, drain once they are up or at {@code drainBy}.
   */
  public void replaceThenDrain(StateNode target, String messageKind, Instant drainBy) {
    Instant start = clock.instant();
    String machine = target.machine().orElseThrow().getMetadata().getName();
    String node = target.nodeName().orElse(null);
    mark(target, drainBy);
    List<String> replacements = provisionNow.get();
    LOG.atInfo()
        .addKeyValue("duration", Duration.between(start, clock.instant()).toString())
        .addKeyValue("queue", queueName)
        .addKeyValue("messageKind", messageKind)
        .addKeyValue("machine", machine)
        .addKeyValue("node", node)
        .addKeyValue("replacements", String.join(",", replacements))
        .addKeyValue("drain-by", drainBy.toString())
        .log("launched replacement machine(s) ahead of the interruption");
    Waiting w = new Waiting(target.key(), machine, node, messageKind, replacements, drainBy, false);
    waiting.put(target.key(), w);
    drainIfReady(w);
  }

  /** Nodes waiting for their replacements, by cluster-state key. */
  public Map<String, Waiting> waiting() {
    return Map.copyOf(waiting);
  }

  @Override
  public Result reconcile() {
    recoverMarkedNodes();
    for (Waiting w : List.copyOf(waiting.values())) {
      drainIfReady(w);
    }
    return Result.requeueAfter(CHECK);
  }

  private void drainIfReady(Waiting w) {
    Optional<StateNode> current = state.nodeByKey(w.key());
    if (current.isEmpty()
        || current.get().machine().isEmpty()
        || current.get().machine().get().getMetadata().getDeletionTimestamp() != null) {
      waiting.remove(w.key());
      return;
    }
    boolean deadline = !clock.instant().isBefore(w.drainBy());
    if (deadline || (!w.recovered() && w.replacements().stream().allMatch(this::upOrGone))) {
      if (waiting.remove(w.key(), w)) {
        deleteMachine(current.get(), w.messageKind());
      }
    }
  }

  /** A replacement is initialized, or will not come (its launch failed and it was removed). */
  private boolean upOrGone(String machineName) {
    for (StateNode n : state.nodes()) {
      Optional<Machine> m = n.machine();
      if (m.isPresent() && m.get().getMetadata().getName().equals(machineName)) {
        if (m.get().getMetadata().getDeletionTimestamp() != null) {
          return true;
        }
        return n.node()
            .map(node -> node.getMetadata().getLabels())
            .map(l -> "true".equals(l.get(WellKnownLabels.INITIALIZED)))
            .orElse(false);
      }
    }
    return true;
  }

  /** Marked nodes this replica does not track (a previous leader marked them). */
  private void recoverMarkedNodes() {
    // Marks reach cluster state as node changes: nothing new to recover while it is unchanged.
    long changes = state.changes();
    if (changes == scannedAt) {
      return;
    }
    scannedAt = changes;
    for (StateNode n : state.nodes()) {
      if (!n.interruptionPending() || n.machine().isEmpty() || waiting.containsKey(n.key())) {
        continue;
      }
      String value =
          n.node().get().getMetadata().getAnnotations().get(StateNode.INTERRUPTION_PENDING);
      Instant drainBy;
      try {
        drainBy = Instant.parse(value);
      } catch (DateTimeParseException e) {
        drainBy = clock.instant();
      }
      waiting.putIfAbsent(
          n.key(),
          new Waiting(
              n.key(),
              n.machine().get().getMetadata().getName(),
              n.nodeName().orElse(null),
              "recovered",
              List.of(),
              drainBy,
              true));
    }
  }

  private void mark(StateNode target, Instant drainBy) {
    state.markForDeletion(List.of(target.key()));
    Optional<String> nodeName = target.node().map(n -> n.getMetadata().getName());
    if (nodeName.isEmpty()) {
      return;
    }
    try {
      client
          .nodes()
          .withName(nodeName.get())
          .edit(
              n -> {
                Map<String, String> annotations =
                    n.getMetadata().getAnnotations() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(n.getMetadata().getAnnotations());
                annotations.put(StateNode.INTERRUPTION_PENDING, drainBy.toString());
                n.getMetadata().setAnnotations(annotations);
                List<Taint> taints =
                    n.getSpec().getTaints() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(n.getSpec().getTaints());
                if (taints.stream()
                    .noneMatch(t -> StateNode.INTERRUPTION_PENDING.equals(t.getKey()))) {
                  taints.add(
                      new TaintBuilder()
                          .withKey(StateNode.INTERRUPTION_PENDING)
                          .withEffect("NoSchedule")
                          .build());
                }
                n.getSpec().setTaints(taints);
                return n;
              });
      // Keep the mark visible to this pass even before the informer delivers the update.
      Node updated = client.nodes().withName(nodeName.get()).get();
      if (updated != null) {
        state.updateNode(updated);
      }
    } catch (KubernetesClientException e) {
      // Cluster state's mark still keeps it out of planning; the drain goes ahead regardless.
      LOG.atWarn()
          .addKeyValue("node", nodeName.get())
          .addKeyValue("error", e.getMessage())
          .log("marking interrupted node");
    }
  }

  private void deleteMachine(StateNode target, String messageKind) {
    Machine machine = target.machine().orElseThrow();
    String name = machine.getMetadata().getName();
    client.resources(Machine.class).withName(name).delete();
    LOG.atInfo()
        .addKeyValue("queue", queueName)
        .addKeyValue("messageKind", messageKind)
        .addKeyValue("machine", name)
        .addKeyValue("node", target.nodeName().orElse(null))
        .addKeyValue("action", InterruptionMetrics.CORDON_AND_DRAIN)
        .log("initiating delete from interruption message");
    events.publish(InterruptionEvents.terminatingOnInterruption(machine));
    target.node().ifPresent(n -> events.publish(InterruptionEvents.terminatingOnInterruption(n)));
  }
}
