package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.scheduling.BoundPod;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.snapshot.PodRequests;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the nodes of the cluster offer new pods: each existing or in-flight node with the capacity
 * its bound pods leave (their requests by {@link PodRequests}), its labels, taints and host ports,
 * and the bound pods for topology spread and pod (anti-)affinity. The one translation used by the
 * provisioning loop, {@code dovetail plan --kubeconfig} and {@code dovetail plan -f} with Node
 * manifests.
 *
 * @param nodes the nodes the engine may place pods on, initialized or not
 * @param byName the cluster-state node behind each of {@code nodes}, by engine name
 * @param toMove the pods on nodes being deleted, which will need a place (not DaemonSet, mirror or
 *     terminating pods)
 * @param skipped nodes left out because an object could not be read, with the reason, by name
 */
public record ExistingCapacity(
    List<ExistingNode> nodes,
    Map<String, StateNode> byName,
    List<Pod> toMove,
    Map<String, String> skipped) {

  /** Taints the kubelet and cloud controller remove once a node is ready. */
  static final Set<String> EPHEMERAL_TAINTS =
      Set.of(
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable",
          "node.cloudprovider.kubernetes.io/uninitialized");

  public ExistingCapacity {
    nodes = List.copyOf(nodes);
    byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    toMove = List.copyOf(toMove);
    skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
  }

  /**
   * @param nodes cluster state's nodes
   * @param allPods every pod; those bound to a node and not terminal use its capacity
   */
  public static ExistingCapacity of(List<StateNode> nodes, List<Pod> allPods) {
    return of(nodes, allPods, BoundPodFacts.none());
  }

  /** As {@link #of(List, List)}, reusing the bound pods' facts {@code memo} kept. */
  static ExistingCapacity of(List<StateNode> nodes, List<Pod> allPods, BoundPodFacts memo) {
    Map<String, List<Pod>> podsByNode = new HashMap<>();
    for (Pod pod : allPods) {
      if (PodPredicates.isScheduled(pod) && !PodPredicates.isTerminal(pod)) {
        podsByNode.computeIfAbsent(pod.getSpec().getNodeName(), n -> new ArrayList<>()).add(pod);
      }
    }
    List<ExistingNode> existing = new ArrayList<>();
    Map<String, StateNode> byName = new LinkedHashMap<>();
    List<Pod> toMove = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (StateNode node : nodes) {
      List<Pod> bound =
          node.nodeName().map(n -> podsByNode.getOrDefault(n, List.of())).orElse(List.of());
      if (node.isDeleting()) {
        for (Pod pod : bound) {
          if (!PodPredicates.isOwnedByDaemonSet(pod)
              && !PodPredicates.isMirror(pod)
              && !PodPredicates.isTerminating(pod)) {
            toMove.add(pod);
          }
        }
        continue;
      }
      ExistingNode engineNode;
      try {
        engineNode =
            memo.node(
                node.node().orElse(null),
                node.machine().orElse(null),
                bound,
                () -> node(node, bound, memo));
      } catch (RuntimeException e) {
        // One node with an unreadable quantity must not stop the pass for the others.
        skipped.put(node.nodeName().orElse(node.key()), String.valueOf(e.getMessage()));
        continue;
      }
      if (engineNode != null) {
        existing.add(engineNode);
        byName.put(engineNode.name(), node);
      }
    }
    return new ExistingCapacity(existing, byName, toMove, skipped);
  }

  private static ExistingNode node(StateNode state, List<Pod> bound, BoundPodFacts memo) {
    Map<String, String> labels = new TreeMap<>();
    List<Taint> taints = new ArrayList<>();
    Resources allocatable;
    boolean initialized;
    String name;
    if (state.node().isPresent()) {
      var node = state.node().get();
      name = node.getMetadata().getName();
      if (node.getMetadata().getLabels() != null) {
        labels.putAll(node.getMetadata().getLabels());
      }
      boolean nodeInitialized = "true".equals(labels.get(WellKnownLabels.INITIALIZED));
      Set<String> startupTaints = startupTaintKeys(state);
      if (node.getSpec() != null && node.getSpec().getTaints() != null) {
        for (var t : node.getSpec().getTaints()) {
          // A node that is still coming up carries taints that go away once it is ready; pods
          // nominated to it must not be turned away by them (or a second node is launched).
          boolean passing =
              state.machine().isPresent()
                  && !nodeInitialized
                  && (EPHEMERAL_TAINTS.contains(t.getKey()) || startupTaints.contains(t.getKey()));
          if (!passing) {
            taints.add(
                new Taint(t.getKey(), t.getValue(), TaintEffect.fromKubernetes(t.getEffect())));
          }
        }
      }
      allocatable =
          node.getStatus() == null || node.getStatus().getAllocatable() == null
              ? Resources.NONE
              : PodRequests.resources(node.getStatus().getAllocatable());
      initialized =
          state.machine().isPresent()
              ? "true".equals(labels.get(WellKnownLabels.INITIALIZED))
              : ready(node);
    } else {
      Machine machine = state.machine().orElseThrow();
      name = machine.getMetadata().getName();
      if (machine.getMetadata().getLabels() != null) {
        labels.putAll(machine.getMetadata().getLabels());
      }
      if (machine.getSpec() != null) {
        if (machine.getSpec().requirements() != null) {
          for (NodeSelectorRequirement r : machine.getSpec().requirements()) {
            if ("In".equals(r.getOperator())
                && r.getValues() != null
                && r.getValues().size() == 1) {
              labels.putIfAbsent(r.getKey(), r.getValues().get(0));
            }
          }
        }
        if (machine.getSpec().taints() != null) {
          for (var t : machine.getSpec().taints()) {
            taints.add(
                new Taint(t.getKey(), t.getValue(), TaintEffect.fromKubernetes(t.getEffect())));
          }
        }
      }
      if (machine.getStatus() != null && machine.getStatus().allocatable() != null) {
        allocatable = PodRequests.resources(machine.getStatus().allocatable());
      } else if (machine.getSpec() != null
          && machine.getSpec().resources() != null
          && machine.getSpec().resources().requests() != null) {
        // Not launched yet: all we know is that it will fit what it was created for.
        allocatable = PodRequests.resources(machine.getSpec().resources().requests());
      } else {
        return null;
      }
      initialized = false;
    }
    Resources used = Resources.NONE;
    List<HostPort> ports = new ArrayList<>();
    List<BoundPod> pods = new ArrayList<>();
    for (Pod pod : bound) {
      BoundPodFacts.Facts facts = memo.of(pod);
      used = used.plus(facts.requests());
      ports.addAll(facts.ports());
      pods.add(facts.bound());
    }
    Resources available = allocatable.minus(used);
    return new ExistingNode(
        name,
        labels.get(WellKnownLabels.PROVISIONER_NAME),
        new TreeMap<>(labels),
        taints,
        available,
        initialized,
        state.inFlight(),
        ports,
        pods);
  }

  private static Set<String> startupTaintKeys(StateNode state) {
    return state
        .machine()
        .filter(m -> m.getSpec() != null && m.getSpec().startupTaints() != null)
        .map(
            m ->
                m.getSpec().startupTaints().stream()
                    .map(io.fabric8.kubernetes.api.model.Taint::getKey)
                    .collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  private static boolean ready(io.fabric8.kubernetes.api.model.Node node) {
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
}
