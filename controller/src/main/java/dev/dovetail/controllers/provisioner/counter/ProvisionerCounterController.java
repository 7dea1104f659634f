package dev.dovetail.controllers.provisioner.counter;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerStatus;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.Result;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keeps each Provisioner's {@code status.resources} at the summed capacity of the nodes it owns,
 * registered or in flight, which the provisioner compares with the limits before each launch.
 * Reconciled by Provisioner name.
 */
public final class ProvisionerCounterController implements Reconciler<String> {
  /** The controller name in logs and metrics. */
  public static final String NAME = "provisioner.counter";

  private final KubernetesClient client;
  private final ClusterState state;

  public ProvisionerCounterController(KubernetesClient client, ClusterState state) {
    this.client = client;
    this.state = state;
  }

  @Override
  public Result reconcile(String name) {
    Provisioner provisioner = client.resources(Provisioner.class).withName(name).get();
    if (provisioner == null) {
      return Result.done();
    }
    Map<String, Quantity> resources = owned(name);
    ProvisionerStatus status = provisioner.getStatus();
    if (status != null && same(status.resources(), resources)) {
      return Result.done();
    }
    provisioner.setStatus(
        new ProvisionerStatus(
            resources,
            status == null ? null : status.lastScaleTime(),
            status == null ? null : status.conditions()));
    try {
      client.resources(Provisioner.class).resource(provisioner).updateStatus();
    } catch (KubernetesClientException e) {
      if (Conflicts.isConflict(e)) {
        return Result.requeueAfter(Conflicts.RETRY);
      }
      if (Conflicts.isNotFound(e)) {
        return Result.done();
      }
      throw e;
    }
    return Result.done();
  }

  /** The summed capacity of the provisioner's nodes, in canonical quantities. */
  Map<String, Quantity> owned(String provisioner) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (StateNode node : state.nodes()) {
      if (!provisioner.equals(owner(node))) {
        continue;
      }
      Map<String, Quantity> capacity = capacity(node);
      if (capacity != null) {
        capacity.forEach((k, v) -> sums.merge(k, Quantity.getAmountInBytes(v), BigDecimal::add));
      }
    }
    Map<String, Quantity> result = new TreeMap<>();
    sums.forEach((k, v) -> result.put(k, Quantity.fromNumericalAmount(v, canonicalFormat(k))));
    return result;
  }

  private static String canonicalFormat(String resource) {
    return switch (resource) {
      case "memory", "ephemeral-storage" -> "Ki";
      default -> "";
    };
  }

  private static String owner(StateNode node) {
    String fromNode =
        node.node()
            .map(Node::getMetadata)
            .map(
                m ->
                    m.getLabels() == null
                        ? null
                        : m.getLabels().get(WellKnownLabels.PROVISIONER_NAME))
            .orElse(null);
    if (fromNode != null) {
      return fromNode;
    }
    return node.machine()
        .map(Machine::getMetadata)
        .map(
            m -> m.getLabels() == null ? null : m.getLabels().get(WellKnownLabels.PROVISIONER_NAME))
        .orElse(null);
  }

  private static Map<String, Quantity> capacity(StateNode node) {
    if (node.node().isPresent()
        && node.node().get().getStatus() != null
        && node.node().get().getStatus().getCapacity() != null
        && !node.node().get().getStatus().getCapacity().isEmpty()) {
      return node.node().get().getStatus().getCapacity();
    }
    return node.machine()
        .filter(m -> m.getStatus() != null)
        .map(m -> m.getStatus().capacity())
        .orElse(null);
  }

  private static boolean same(Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, BigDecimal> x = new TreeMap<>();
    Map<String, BigDecimal> y = new TreeMap<>();
    if (a != null) {
      a.forEach((k, v) -> x.put(k, Quantity.getAmountInBytes(v).stripTrailingZeros()));
    }
    b.forEach((k, v) -> y.put(k, Quantity.getAmountInBytes(v).stripTrailingZeros()));
    return Objects.equals(x, y);
  }
}
