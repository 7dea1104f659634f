package dev.dovetail.controllers.node.termination;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CloudProviderException;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.controllers.Keys;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gracefully terminates a Node that is being deleted and carries the {@code
 * karpenter.sh/termination} finalizer, whoever deleted it ({@code kubectl delete node} included):
 * cordon and exclude from load balancers; evict its pods through the {@link EvictionQueue},
 * non-critical ones first; once drained (or once the instance is already gone) terminate the
 * instance until the cloud reports it not found; delete its Machine; remove the finalizer.
 * Reconciled by node name.
 */
public final class NodeTerminationController implements Reconciler<String> {
  /** The controller name in logs and metrics. */
  public static final String NAME = "node.termination";

  /** How often a draining node is looked at again. */
  static final Duration DRAIN_POLL = Duration.ofSeconds(1);

  /** How often to ask again whether the instance has terminated. */
  static final Duration INSTANCE_WAIT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(NodeTerminationController.class);

  private final KubernetesClient client;
  private final CloudProvider cloudProvider;
  private final ClusterLookup lookup;
  private final EvictionQueue evictions;
  private final EventRecorder events;
  private final LifecycleMetrics metrics;
  private final Clock clock;

  public NodeTerminationController(
      KubernetesClient client,
      CloudProvider cloudProvider,
      ClusterLookup lookup,
      EvictionQueue evictions,
      EventRecorder events,
      LifecycleMetrics metrics,
      Clock clock) {
    this.client = client;
    this.cloudProvider = cloudProvider;
    this.lookup = lookup;
    this.evictions = evictions;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String name) {
    try (MDC.MDCCloseable c = MDC.putCloseable("node", name)) {
      Node node = client.nodes().withName(name).get();
      if (node == null
          || node.getMetadata().getDeletionTimestamp() == null
          || !finalizers(node).contains(Keys.TERMINATION_FINALIZER)) {
        return Result.done();
      }
      node = cordon(node);
      String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
      List<Pod> remaining = DrainablePods.toEvict(lookup.podsOnNode(name), clock.instant());
      if (!remaining.isEmpty() && !instanceGone(providerId)) {
        evict(remaining, node);
        events.publish(
            TerminationEvents.failedDraining(
                TerminationEvents.node(name, node.getMetadata().getUid()),
                remaining.size() + " pods are waiting to be evicted"));
        return Result.requeueAfter(DRAIN_POLL);
      }
      if (providerId != null && !providerId.isEmpty()) {
        try {
          cloudProvider.delete(providerId);
          return Result.requeueAfter(INSTANCE_WAIT);
        } catch (MachineNotFoundException gone) {
          // Terminated.
        } catch (CloudProviderException e) {
          return Result.failed(
              new IllegalStateException(
                  "terminating cloudprovider instance, " + e.getMessage(), e));
        }
        deleteMachines(providerId);
      }
      removeFinalizer(node);
      Instant requested = Instant.parse(node.getMetadata().getDeletionTimestamp());
      metrics.nodeTerminated(label(node, Keys.PROVISIONER_NAME));
      metrics.nodeTerminationTime(Duration.between(requested, clock.instant()));
      LOG.atInfo()
          .addKeyValue("node", name)
          .addKeyValue("provider-id", providerId)
          .log("deleted node");
      return Result.done();
    } catch (KubernetesClientException e) {
      if (Conflicts.isConflict(e)) {
        return Result.requeueAfter(Conflicts.RETRY);
      }
      if (Conflicts.isNotFound(e)) {
        return Result.done();
      }
      throw e;
    }
  }

  private Node cordon(Node node) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(node.getMetadata().getLabels());
    boolean unschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    if (unschedulable && "karpenter".equals(labels.get(Keys.EXCLUDE_FROM_LOAD_BALANCERS))) {
      return node;
    }
    node.getSpec().setUnschedulable(true);
    labels.put(Keys.EXCLUDE_FROM_LOAD_BALANCERS, "karpenter");
    node.getMetadata().setLabels(labels);
    Node updated = client.nodes().resource(node).update();
    LOG.atInfo().addKeyValue("node", node.getMetadata().getName()).log("cordoned node");
    return updated;
  }

  /** Non-critical pods first; critical pods once every other pod is evicted (terminating). */
  private void evict(List<Pod> remaining, Node node) {
    List<Pod> critical = new ArrayList<>();
    List<Pod> other = new ArrayList<>();
    for (Pod pod : remaining) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      (DrainablePods.isCritical(pod) ? critical : other).add(pod);
    }
    evictions.enqueue(other.isEmpty() ? critical : other, node);
  }

  /** True when the cloud no longer knows the instance, so nothing on it can be drained. */
  private boolean instanceGone(String providerId) {
    if (providerId == null || providerId.isEmpty()) {
      return false;
    }
    try {
      cloudProvider.get(providerId);
      return false;
    } catch (MachineNotFoundException e) {
      return true;
    }
  }

  private void deleteMachines(String providerId) {
    for (Machine machine : lookup.machines()) {
      if (machine.getStatus() != null
          && Objects.equals(providerId, machine.getStatus().providerID())
          && machine.getMetadata().getDeletionTimestamp() == null) {
        client.resources(Machine.class).withName(machine.getMetadata().getName()).delete();
        metrics.machineTerminated(
            MetricNames.NODE_DELETED, machineLabel(machine, Keys.PROVISIONER_NAME));
      }
    }
  }

  private void removeFinalizer(Node node) {
    List<String> finalizers = new ArrayList<>(finalizers(node));
    finalizers.remove(Keys.TERMINATION_FINALIZER);
    node.getMetadata().setFinalizers(finalizers);
    client.nodes().resource(node).update();
  }

  private static List<String> finalizers(Node node) {
    return node.getMetadata().getFinalizers() == null
        ? List.of()
        : node.getMetadata().getFinalizers();
  }

  private static String label(Node node, String key) {
    return node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(key);
  }

  private static String machineLabel(Machine machine, String key) {
    return machine.getMetadata().getLabels() == null
        ? null
        : machine.getMetadata().getLabels().get(key);
  }
}
