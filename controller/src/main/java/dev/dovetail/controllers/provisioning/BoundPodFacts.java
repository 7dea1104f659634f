package dev.dovetail.controllers.provisioning;

import dev.dovetail.scheduling.BoundPod;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.snapshot.PodRequests;
import dev.dovetail.snapshot.WorkloadPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a pod bound to a node takes from it (requests with the pod slot, host ports) and shows to
 * topology terms, computed once per pod object and kept for the next pass. Informer caches replace
 * a pod's object when it changes, so the object's identity says whether the facts still hold; a
 * pass keeps only the facts of pods it saw.
 */
final class BoundPodFacts {
  record Facts(Resources requests, List<HostPort> ports, BoundPod bound) {}

  private Map<Pod, Facts> previous = new IdentityHashMap<>();
  private Map<Pod, Facts> current = new IdentityHashMap<>();

  /** An engine node and what it was built from, compared by identity. */
  private record Built(Object node, Object machine, List<Pod> bound, ExistingNode result) {
    boolean from(Object node, Object machine, List<Pod> bound) {
      if (this.node != node || this.machine != machine || this.bound.size() != bound.size()) {
        return false;
      }
      for (int i = 0; i < bound.size(); i++) {
        if (this.bound.get(i) != bound.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  private Map<Object, Built> previousNodes = new IdentityHashMap<>();
  private Map<Object, Built> currentNodes = new IdentityHashMap<>();

  /** Facts computed every time, for one-off callers. */
  static BoundPodFacts none() {
    return new BoundPodFacts();
  }

  /** Starts a pass: facts not asked for since the last call are dropped. */
  synchronized void startPass() {
    previous = current;
    current = new IdentityHashMap<>();
    previousNodes = currentNodes;
    currentNodes = new IdentityHashMap<>();
  }

  /**
   * The engine node for a Node (or, before it registers, a Machine) with {@code bound} pods: the
   * one of the last pass if the Node, the Machine and every bound pod are the same objects, else
   * {@code build}'s. Informer caches replace an object when it changes, so unchanged nodes keep
   * their engine node, and snapshots of successive passes share them.
   */
  synchronized ExistingNode node(
      Object node, Object machine, List<Pod> bound, Supplier<ExistingNode> build) {
    Object key = node != null ? node : machine;
    Built built = currentNodes.get(key);
    if (built == null || !built.from(node, machine, bound)) {
      built = previousNodes.get(key);
    }
    if (built == null || !built.from(node, machine, bound)) {
      ExistingNode result = build.get();
      if (result == null) {
        return null;
      }
      built = new Built(node, machine, List.copyOf(bound), result);
    }
    currentNodes.put(key, built);
    return built.result();
  }

  synchronized Facts of(Pod pod) {
    Facts facts = current.get(pod);
    if (facts == null) {
      facts = previous.get(pod);
      if (facts == null) {
        facts = compute(pod);
      }
      current.put(pod, facts);
    }
    return facts;
  }

  private static Facts compute(Pod pod) {
    List<HostPort> ports = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getHostPort() != null && p.getHostPort() > 0) {
            ports.add(new HostPort(p.getHostIP(), p.getHostPort(), p.getProtocol()));
          }
        }
      }
    }
    return new Facts(
        PodRequests.withPodSlot(pod.getSpec()), List.copyOf(ports), WorkloadPods.boundPod(pod));
  }
}
