package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.Resources;
import dev.dovetail.snapshot.PodRequests;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What each candidate pod requests (with its pod slot), parsed once per pod object and kept for the
 * next pass. Informer caches replace a pod's object when it changes, so the object's identity says
 * whether the requests still hold; a pass keeps only the requests of pods it asked about.
 */
final class PodRequestMemo {
  private Map<Pod, Resources> previous = new IdentityHashMap<>();
  private Map<Pod, Resources> current = new IdentityHashMap<>();

  /** Starts a pass: requests not asked for since the last call are dropped. */
  synchronized void startPass() {
    previous = current;
    current = new IdentityHashMap<>();
  }

  /**
   * The pod's requests.
   *
   * @throws IllegalArgumentException if a quantity cannot be read
   */
  synchronized Resources of(Pod pod) {
    Resources requests = current.get(pod);
    if (requests == null) {
      requests = previous.get(pod);
      if (requests == null) {
        requests = PodRequests.withPodSlot(pod.getSpec());
      }
      current.put(pod, requests);
    }
    return requests;
  }
}
