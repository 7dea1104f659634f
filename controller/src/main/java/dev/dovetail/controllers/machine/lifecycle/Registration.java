package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Node whose providerID matches the launched Machine and takes it over: the termination
 * finalizer, an owner reference to the Machine, the Machine's labels, annotations, taints and
 * startup taints (unless the Machine was linked to an existing node), and {@code
 * karpenter.sh/registered=true}.
 */
final class Registration implements LifecycleStep {
  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

  /** How often an unregistered Machine looks for its Node when no Node event wakes it. */
  static final Duration POLL = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final ClusterLookup lookup;
  private final LifecycleMetrics metrics;

  Registration(KubernetesClient client, ClusterLookup lookup, LifecycleMetrics metrics) {
    this.client = client;
    this.lookup = lookup;
    this.metrics = metrics;
  }

  @Override
  public Result reconcile(MachineReconcile m) {
    if (MachineConditions.isTrue(m.status, Keys.MACHINE_REGISTERED)) {
      return Result.done();
    }
    if (!MachineConditions.isTrue(m.status, Keys.MACHINE_LAUNCHED)) {
      m.status =
          MachineConditions.markFalse(
              m.status, Keys.MACHINE_REGISTERED, "NotLaunched", "Node not launched", m.now);
      return Result.done();
    }
    List<Node> nodes = lookup.nodesByProviderId(m.providerId());
    if (nodes.isEmpty()) {
      m.status =
          MachineConditions.markFalse(
              m.status,
              Keys.MACHINE_REGISTERED,
              "NodeNotFound",
              "Node not registered with cluster",
              m.now);
      return Result.requeueAfter(POLL);
    }
    if (nodes.size() > 1) {
      m.status =
          MachineConditions.markFalse(
              m.status,
              Keys.MACHINE_REGISTERED,
              "MultipleNodesFound",
              "Invariant violated, matched multiple nodes",
              m.now);
      return Result.requeueAfter(POLL);
    }
    Node node = nodes.get(0);
    if (sync(node, m)) {
      node = client.nodes().resource(node).update();
    }
    m.node = node;
    MachineStatus s = m.status;
    m.status =
        MachineConditions.markTrue(
            new MachineStatus(
                s.providerID(),
                s.capacity(),
                s.allocatable(),
                node.getMetadata().getName(),
                s.conditions()),
            Keys.MACHINE_REGISTERED,
            m.now);
    metrics.machineRegistered(m.provisioner());
    if (!m.annotations.containsKey(Keys.LINKED)) {
      metrics.nodeCreated(m.provisioner());
    }
    LOG.atInfo()
        .addKeyValue("machine", m.name())
        .addKeyValue("provisioner", m.provisioner())
        .addKeyValue("provider-id", m.providerId())
        .addKeyValue("node", node.getMetadata().getName())
        .log("registered machine");
    return Result.done();
  }

  /** Changes the Node in place; true when something changed. */
  private static boolean sync(Node node, MachineReconcile m) {
    boolean changed = false;
    List<String> finalizers =
        node.getMetadata().getFinalizers() == null
            ? new ArrayList<>()
            : new ArrayList<>(node.getMetadata().getFinalizers());
    if (!finalizers.contains(Keys.TERMINATION_FINALIZER)) {
      finalizers.add(Keys.TERMINATION_FINALIZER);
      node.getMetadata().setFinalizers(finalizers);
      changed = true;
    }
    changed |= ownedBy(node, m.machine);
    Map<String, String> labels = copy(node.getMetadata().getLabels());
    if (!m.annotations.containsKey(Keys.LINKED)) {
      Map<String, String> annotations = copy(node.getMetadata().getAnnotations());
      annotations.putAll(m.annotations);
      if (!annotations.equals(copy(node.getMetadata().getAnnotations()))) {
        node.getMetadata().setAnnotations(annotations);
        changed = true;
      }
      List<Taint> taints =
          node.getSpec().getTaints() == null
              ? new ArrayList<>()
              : new ArrayList<>(node.getSpec().getTaints());
      int before = taints.size();
      if (m.machine.getSpec() != null) {
        merge(taints, m.machine.getSpec().taints());
        merge(taints, m.machine.getSpec().startupTaints());
      }
      if (taints.size() != before) {
        node.getSpec().setTaints(taints);
        changed = true;
      }
    }
    labels.putAll(m.labels);
    labels.put(Keys.REGISTERED, "true");
    if (!labels.equals(copy(node.getMetadata().getLabels()))) {
      node.getMetadata().setLabels(labels);
      changed = true;
    }
    return changed;
  }

  private static boolean ownedBy(Node node, Machine machine) {
    List<OwnerReference> refs =
        node.getMetadata().getOwnerReferences() == null
            ? new ArrayList<>()
            : new ArrayList<>(node.getMetadata().getOwnerReferences());
    String uid = machine.getMetadata().getUid();
    if (refs.stream().anyMatch(r -> Objects.equals(r.getUid(), uid))) {
      return false;
    }
    refs.add(
        new OwnerReferenceBuilder()
            .withApiVersion(Provisioner.API_VERSION)
            .withKind(Machine.KIND)
            .withName(machine.getMetadata().getName())
            .withUid(uid)
            .withBlockOwnerDeletion(true)
            .build());
    node.getMetadata().setOwnerReferences(refs);
    return true;
  }

  /** Adds each taint whose key and effect the node does not carry yet. */
  private static void merge(List<Taint> taints, List<Taint> additions) {
    if (additions == null) {
      return;
    }
    for (Taint t : additions) {
      if (taints.stream().noneMatch(x -> matches(x, t))) {
        taints.add(
            new TaintBuilder()
                .withKey(t.getKey())
                .withValue(t.getValue())
                .withEffect(t.getEffect())
                .build());
      }
    }
  }

  /** Upstream's MatchTaint: the same key and effect. */
  static boolean matches(Taint a, Taint b) {
    return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}
