package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Weighted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the engine precomputes once per pending pod: its request vector, its topology terms bound to
 * shared {@link TopologyGroup}s, its preferences sorted heaviest first, and the groups whose
 * selectors match it.
 */
final class PodFacts {
  final int index;
  final Pod pod;
  final long[] requests;
  final List<SpreadTerm> requiredSpread = new ArrayList<>();
  final List<SpreadTerm> preferredSpread = new ArrayList<>();
  final List<TopologyGroup> requiredAffinity = new ArrayList<>();
  final List<TopologyGroup> preferredAffinity = new ArrayList<>();
  final List<TopologyGroup> requiredAnti = new ArrayList<>();
  final List<TopologyGroup> preferredAnti = new ArrayList<>();
  final List<Requirements> preferredNodeTerms;

  /** Groups whose selector matches this pod: it counts in them when placed. */
  final List<TopologyGroup> matchedGroups = new ArrayList<>();

  /**
   * Anti-affinity groups whose selector matches this pod: their owners' domains are closed to it.
   */
  final List<TopologyGroup> matchedAntiGroups = new ArrayList<>();

  /** The pod's work per pool, filled in lazily by {@link PodValues}. */
  double[] values;

  PodFacts(int index, Pod pod, Dimensions dims) {
    this.index = index;
    this.pod = pod;
    this.requests = dims.of(pod.requests());
    this.requests[Dimensions.PODS] = Math.max(1, requests[Dimensions.PODS]);
    List<Weighted<Requirements>> prefs = new ArrayList<>(pod.preferredNodeAffinity());
    prefs.sort(Comparator.comparingInt((Weighted<Requirements> w) -> w.weight()).reversed());
    this.preferredNodeTerms = prefs.stream().map(Weighted::term).toList();
  }

  boolean hasTopology() {
    return !requiredSpread.isEmpty()
        || !preferredSpread.isEmpty()
        || !requiredAffinity.isEmpty()
        || !preferredAffinity.isEmpty()
        || !requiredAnti.isEmpty()
        || !preferredAnti.isEmpty()
        || !matchedAntiGroups.isEmpty();
  }

  /** True when a term of this pod keeps pods apart per node (it cannot share freely). */
  boolean spreadsPerNode() {
    if (spreadsPerNode == null) {
      spreadsPerNode = computeSpreadsPerNode();
    }
    return spreadsPerNode;
  }

  private Boolean spreadsPerNode;

  private boolean computeSpreadsPerNode() {
    for (SpreadTerm s : requiredSpread) {
      if (s.group().hostname) {
        return true;
      }
    }
    for (TopologyGroup g : requiredAnti) {
      if (g.hostname) {
        return true;
      }
    }
    return false;
  }

  /**
   * One spread constraint of this pod.
   *
   * @param group the counted pods
   * @param maxSkew allowed difference
   * @param minDomains minimum eligible domains before the global minimum is taken as is
   */
  record SpreadTerm(TopologyGroup group, int maxSkew, int minDomains) {}
}
