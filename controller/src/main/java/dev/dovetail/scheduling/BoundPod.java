package dev.dovetail.scheduling;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pod already bound to (or nominated for) an existing node: it counts for topology spread and pod
 * affinity, and its required anti-affinity keeps matching pods out of its domain.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param labels the pod's labels
 * @param requiredPodAntiAffinity its required anti-affinity terms
 */
public record BoundPod(
    String namespace,
    String name,
    SortedMap<String, String> labels,
    List<PodAffinityTerm> requiredPodAntiAffinity) {
  public BoundPod {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    requiredPodAntiAffinity = List.copyOf(requiredPodAntiAffinity);
  }
}
