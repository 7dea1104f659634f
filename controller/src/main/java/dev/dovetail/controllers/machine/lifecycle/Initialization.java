package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.MachineSpec;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the Machine initialized once its Node is Ready, its startup taints and the known ephemeral
 * taints are gone, and every requested extended resource has non-zero allocatable (device plugins
 * registered); then labels the Node {@code karpenter.sh/initialized=true}.
 */
final class Initialization implements LifecycleStep {
  private static final Logger LOG = LoggerFactory.getLogger(Initialization.class);

  /** Taints the node lifecycle and cloud controllers set while a node comes up. */
  static final List<Taint> KNOWN_EPHEMERAL_TAINTS =
      List.of(
          taint("node.kubernetes.io/not-ready", null),
          taint("node.kubernetes.io/unreachable", null),
          taint("node.cloudprovider.kubernetes.io/uninitialized", "true"));

  private final KubernetesClient client;
  private final ClusterLookup lookup;
  private final LifecycleMetrics metrics;

  Initialization(KubernetesClient client, ClusterLookup lookup, LifecycleMetrics metrics) {
    this.client = client;
    this.lookup = lookup;
    this.metrics = metrics;
  }

  @Override
  public Result reconcile(MachineReconcile m) {
    if (MachineConditions.isTrue(m.status, Keys.MACHINE_INITIALIZED)) {
      return Result.done();
    }
    if (!MachineConditions.isTrue(m.status, Keys.MACHINE_LAUNCHED)) {
      return notYet(m, "NotLaunched", "Node not launched");
    }
    Node node = m.node;
    if (node == null) {
      List<Node> nodes = lookup.nodesByProviderId(m.providerId());
      if (nodes.size() != 1) {
        return notYet(m, "NodeNotFound", "Node not registered with cluster");
      }
      node = nodes.get(0);
    }
    if (!ready(node)) {
      return notYet(m, "NodeNotReady", "Node status is NotReady");
    }
    MachineSpec spec = m.machine.getSpec();
    Optional<Taint> startup = present(node, spec == null ? null : spec.startupTaints());
    if (startup.isPresent()) {
      return notYet(
          m, "StartupTaintsExist", "StartupTaint \"" + format(startup.get()) + "\" still exists");
    }
    Optional<Taint> ephemeral = present(node, KNOWN_EPHEMERAL_TAINTS);
    if (ephemeral.isPresent()) {
      return notYet(
          m,
          "KnownEphemeralTaintsExist",
          "KnownEphemeralTaint \"" + format(ephemeral.get()) + "\" still exists");
    }
    Optional<String> missing = unregisteredResource(node, spec);
    if (missing.isPresent()) {
      return notYet(
          m,
          "ResourceNotRegistered",
          "Resource \"" + missing.get() + "\" was requested but not registered");
    }
    Map<String, String> labels =
        node.getMetadata().getLabels() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(node.getMetadata().getLabels());
    if (!"true".equals(labels.get(Keys.INITIALIZED))) {
      labels.put(Keys.INITIALIZED, "true");
      node.getMetadata().setLabels(labels);
      node = client.nodes().resource(node).update();
    }
    m.node = node;
    m.status = MachineConditions.markTrue(m.status, Keys.MACHINE_INITIALIZED, m.now);
    metrics.machineInitialized(m.provisioner());
    LOG.atInfo()
        .addKeyValue("machine", m.name())
        .addKeyValue("provisioner", m.provisioner())
        .addKeyValue("provider-id", m.providerId())
        .addKeyValue("node", node.getMetadata().getName())
        .log("initialized machine");
    return Result.done();
  }

  private static Result notYet(MachineReconcile m, String reason, String message) {
    m.status =
        MachineConditions.markFalse(m.status, Keys.MACHINE_INITIALIZED, reason, message, m.now);
    return Result.requeueAfter(Registration.POLL);
  }

  private static boolean ready(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private static Optional<Taint> present(Node node, List<Taint> wanted) {
    if (wanted == null || node.getSpec() == null || node.getSpec().getTaints() == null) {
      return Optional.empty();
    }
    for (Taint w : wanted) {
      for (Taint t : node.getSpec().getTaints()) {
        if (Registration.matches(t, w)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  /** A requested resource the node reports zero allocatable for. */
  private static Optional<String> unregisteredResource(Node node, MachineSpec spec) {
    if (spec == null || spec.resources() == null || spec.resources().requests() == null) {
      return Optional.empty();
    }
    Map<String, Quantity> allocatable =
        node.getStatus() == null || node.getStatus().getAllocatable() == null
            ? Map.of()
            : node.getStatus().getAllocatable();
    for (Map.Entry<String, Quantity> e : spec.resources().requests().entrySet()) {
      if (isZero(e.getValue())) {
        continue;
      }
      if (isZero(allocatable.get(e.getKey()))) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  private static boolean isZero(Quantity q) {
    return q == null || Quantity.getAmountInBytes(q).compareTo(BigDecimal.ZERO) == 0;
  }

  private static String format(Taint t) {
    return t.getValue() == null || t.getValue().isEmpty()
        ? t.getKey() + ":" + t.getEffect()
        : t.getKey() + "=" + t.getValue() + ":" + t.getEffect();
  }

  private static Taint taint(String key, String value) {
    return new TaintBuilder().withKey(key).withValue(value).withEffect("NoSchedule").build();
  }
}
