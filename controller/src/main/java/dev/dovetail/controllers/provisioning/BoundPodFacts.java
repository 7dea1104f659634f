package dev.dovetail.controllers.provisioning;

import dev.dovetail.scheduling.BoundPod;
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

  /** Facts computed every time, for one-off callers. */
  static BoundPodFacts none() {
    return new BoundPodFacts();
  }

  /** Starts a pass: facts not asked for since the last call are dropped. */
  synchronized void startPass() {
    previous = current;
    current = new IdentityHashMap<>();
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
