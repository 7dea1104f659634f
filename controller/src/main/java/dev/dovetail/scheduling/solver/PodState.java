package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Requirements;
import java.util.ArrayList;
import java.util.List;

/**
 * A pending pod during one packing run: which of its preferences are still honoured, and its
 * effective node requirements under them.
 *
 * <p>Preferences are treated as required until relaxed. {@link #relax} drops one per call, in
 * upstream Karpenter's order: the first required node-affinity term while another remains, the
 * heaviest preferred pod affinity, the heaviest preferred anti-affinity, the heaviest preferred
 * node affinity, one ScheduleAnyway spread constraint, then tolerating PreferNoSchedule taints.
 */
final class PodState {
  final PodFacts facts;
  private int requiredTerm;
  private int preferredNode;
  private int preferredAffinity;
  private int preferredAnti;
  private int preferredSpread;
  private boolean toleratesSoftTaints;
  private Requirements requirements;
  private final List<String> relaxed = new ArrayList<>();
  boolean placed;

  /** Spread minimums cached by {@link Topology} for its current version. */
  long spreadVersion = -1;

  int[] spreadMinimums;

  /** Identical pods share a shape and a first-fit cursor; -1 when rejections may not last. */
  int shape = -1;

  PodState(PodFacts facts, boolean respectPreferences) {
    this.facts = facts;
    if (!respectPreferences) {
      preferredNode = facts.preferredNodeTerms.size();
      preferredAffinity = facts.preferredAffinity.size();
      preferredAnti = facts.preferredAnti.size();
      preferredSpread = facts.preferredSpread.size();
      toleratesSoftTaints = true;
    }
    requirements = compute();
  }

  Requirements requirements() {
    return requirements;
  }

  boolean toleratesSoftTaints() {
    return toleratesSoftTaints;
  }

  List<PodFacts.SpreadTerm> activeSpread() {
    if (preferredSpread >= facts.preferredSpread.size()) {
      return facts.requiredSpread;
    }
    List<PodFacts.SpreadTerm> all = new ArrayList<>(facts.requiredSpread);
    all.addAll(facts.preferredSpread.subList(preferredSpread, facts.preferredSpread.size()));
    return all;
  }

  List<TopologyGroup> activeAffinity() {
    return concat(facts.requiredAffinity, facts.preferredAffinity, preferredAffinity);
  }

  List<TopologyGroup> activeAnti() {
    return concat(facts.requiredAnti, facts.preferredAnti, preferredAnti);
  }

  /** The preferences given up so far, in words. */
  List<String> relaxed() {
    return relaxed;
  }

  /** Drops one preference; false when nothing is left to relax. */
  boolean relax(boolean softTaintsExist) {
    Pod pod = facts.pod;
    if (requiredTerm < pod.requiredNodeAffinity().size() - 1) {
      relaxed.add("required node affinity term " + (requiredTerm + 1));
      requiredTerm++;
    } else if (preferredAffinity < facts.preferredAffinity.size()) {
      relaxed.add(
          "preferred pod affinity ("
              + facts.preferredAffinity.get(preferredAffinity).describe()
              + ")");
      preferredAffinity++;
    } else if (preferredAnti < facts.preferredAnti.size()) {
      relaxed.add(
          "preferred pod anti-affinity ("
              + facts.preferredAnti.get(preferredAnti).describe()
              + ")");
      preferredAnti++;
    } else if (preferredNode < facts.preferredNodeTerms.size()) {
      relaxed.add("preferred node affinity " + facts.preferredNodeTerms.get(preferredNode));
      preferredNode++;
    } else if (preferredSpread < facts.preferredSpread.size()) {
      relaxed.add(
          "ScheduleAnyway spread ("
              + facts.preferredSpread.get(preferredSpread).group().describe()
              + ")");
      preferredSpread++;
    } else if (softTaintsExist && !toleratesSoftTaints) {
      relaxed.add("PreferNoSchedule taints");
      toleratesSoftTaints = true;
    } else {
      return false;
    }
    requirements = compute();
    spreadVersion = -1;
    shape = -1;
    return true;
  }

  /**
   * True when every node that rejects this pod now will reject it later too: resources, narrowing
   * requirements, anti-affinity and per-node spread only ever get tighter as pods are added, while
   * zone spread and pod affinity can open up.
   */
  boolean rejectionsLast() {
    for (PodFacts.SpreadTerm t : activeSpread()) {
      if (!t.group().hostname) {
        return false;
      }
    }
    return activeAffinity().isEmpty();
  }

  /**
   * The requirements a pod cannot give up: node selector, the current required node-affinity term
   * and volume zones, without preferred terms. Only these narrow topology-spread domains, as
   * upstream.
   */
  Requirements requiredRequirements() {
    if (required == null) {
      Pod pod = facts.pod;
      Requirements r = pod.nodeSelector();
      if (requiredTerm < pod.requiredNodeAffinity().size()) {
        r = r.and(pod.requiredNodeAffinity().get(requiredTerm));
      }
      required = r.and(pod.volumeRequirements());
    }
    return required;
  }

  private Requirements required;

  private Requirements compute() {
    required = null;
    Pod pod = facts.pod;
    Requirements r = pod.nodeSelector();
    if (requiredTerm < pod.requiredNodeAffinity().size()) {
      r = r.and(pod.requiredNodeAffinity().get(requiredTerm));
    }
    if (preferredNode < facts.preferredNodeTerms.size()) {
      r = r.and(facts.preferredNodeTerms.get(preferredNode));
    }
    return r.and(pod.volumeRequirements());
  }

  private static <T> List<T> concat(List<T> required, List<T> preferred, int from) {
    if (from >= preferred.size()) {
      return required;
    }
    List<T> all = new ArrayList<>(required);
    all.addAll(preferred.subList(from, preferred.size()));
    return all;
  }
}
