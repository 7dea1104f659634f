package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.TaintEffect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node pool compiled for one solve: the instance types compatible with its requirements that have
 * an available offering it allows, sorted by that price (then name), so that bit {@code i} of a
 * candidate {@link BitSet} is the {@code i}-th cheapest type.
 */
final class PoolOption {
  final NodePool pool;
  final int index;
  final Requirements requirements;

  /** The pool's well-known keys, computed once: {@link NodePool#wellKnownLabels()}. */
  final Set<String> wellKnown;

  final long allowedSlots;
  final TypeOption[] types;
  final boolean hasPreferNoSchedule;

  /** Types dropped before the solve, with the reason, for explanations. */
  final List<String> droppedTypes = new ArrayList<>();

  private final String[] limitNames;
  private final long[] limitRemaining;
  private final long[] limitCommitted;
  private final Map<Requirements, BitSet> compatible = new HashMap<>();

  PoolOption(NodePool pool, int index, Dimensions dims, Slots slots) {
    this.pool = pool;
    this.index = index;
    this.requirements = pool.requirements();
    this.wellKnown = pool.wellKnownLabels();
    this.allowedSlots = slots.allowed(requirements);
    long[] daemon = dims.of(pool.daemonOverhead());
    List<TypeOption> kept = new ArrayList<>();
    for (InstanceType t : pool.instanceTypes()) {
      String conflict = requirements.intersectionConflict(t.requirements());
      if (conflict != null) {
        continue;
      }
      double[] prices = new double[64];
      long offers = slots.available(t.offerings(), prices);
      long[] alloc = dims.of(t.allocatable());
      for (int i = 0; i < alloc.length; i++) {
        alloc[i] -= daemon[i];
      }
      TypeOption option =
          new TypeOption(t, alloc, dims.of(t.capacity()), offers, prices, allowedSlots);
      if (Double.isInfinite(option.cheapest)) {
        droppedTypes.add(
            t.name() + " (no available offering in an allowed zone and capacity type)");
        continue;
      }
      kept.add(option);
    }
    kept.sort(
        Comparator.<TypeOption>comparingDouble(o -> o.cheapest).thenComparing(TypeOption::name));
    types = kept.toArray(new TypeOption[0]);
    hasPreferNoSchedule =
        pool.taints().stream().anyMatch(t -> t.effect() == TaintEffect.PREFER_NO_SCHEDULE);
    limitNames = pool.remainingLimits().keySet().toArray(new String[0]);
    limitRemaining = new long[limitNames.length];
    for (int i = 0; i < limitNames.length; i++) {
      limitRemaining[i] = pool.remainingLimits().get(limitNames[i]);
    }
    limitCommitted = new long[limitNames.length];
    limitCapacity = new long[types.length][limitNames.length];
    for (int i = 0; i < types.length; i++) {
      for (int j = 0; j < limitNames.length; j++) {
        limitCapacity[i][j] = types[i].type.capacity().get(limitNames[j]);
      }
    }
  }

  private final long[][] limitCapacity;

  String name() {
    return pool.name();
  }

  /**
   * The types whose labels are compatible with a pod's requirements (cached per requirement set).
   */
  BitSet compatible(Requirements podRequirements) {
    BitSet cached = compatible.get(podRequirements);
    if (cached == null) {
      cached = new BitSet(types.length);
      Requirements undefined = undefinedTypeLabels(podRequirements);
      for (int i = 0; i < types.length; i++) {
        if (podRequirements.isEmpty()
            || (types[i].type.requirements().intersectionConflict(podRequirements) == null
                && absentOn(types[i].type.requirements(), undefined))) {
          cached.set(i);
        }
      }
      compatible.put(podRequirements, cached);
    }
    return cached;
  }

  /**
   * The pod's requirements on instance attributes (well-known keys outside the Kubernetes and
   * {@code karpenter.sh} domains) the pool does not define: a type that does not define them either
   * lacks the label (no GPU, no local NVMe).
   */
  private Requirements undefinedTypeLabels(Requirements podRequirements) {
    List<Requirement> out = new ArrayList<>();
    for (Requirement r : podRequirements.all()) {
      if (isInstanceAttribute(r.key()) && !requirements.has(r.key())) {
        out.add(r);
      }
    }
    return Requirements.of(out);
  }

  private boolean isInstanceAttribute(String key) {
    return wellKnown.contains(key)
        && !key.startsWith("karpenter.sh/")
        && !key.contains("kubernetes.io/");
  }

  private static boolean absentOn(Requirements typeLabels, Requirements wanted) {
    for (Requirement r : wanted.all()) {
      if (!typeLabels.has(r.key())
          && r.operator() != Operator.NOT_IN
          && r.operator() != Operator.DOES_NOT_EXIST) {
        return false;
      }
    }
    return true;
  }

  boolean hasLimits() {
    return limitNames.length > 0;
  }

  /** True when launching one more node of this type stays within the pool's remaining limits. */
  boolean withinLimits(int type) {
    long[] capacity = limitCapacity[type];
    for (int i = 0; i < limitNames.length; i++) {
      if (limitCommitted[i] + capacity[i] > limitRemaining[i]) {
        return false;
      }
    }
    return true;
  }

  /** The largest capacity among the types, per limited resource: what a planned node uses up. */
  long[] largestCapacity(BitSet candidates) {
    long[] max = new long[limitNames.length];
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      for (int j = 0; j < limitNames.length; j++) {
        max[j] = Math.max(max[j], limitCapacity[i][j]);
      }
    }
    return max;
  }

  /** Capacity of a type in each limited resource. */
  long[] limitCapacity(int type) {
    return limitCapacity[type];
  }

  /** True when a total capacity per limited resource stays within what was left of the limits. */
  boolean withinRemaining(long[] total) {
    for (int j = 0; j < limitNames.length; j++) {
      if (total[j] > limitRemaining[j]) {
        return false;
      }
    }
    return true;
  }

  int limitCount() {
    return limitNames.length;
  }

  void commit(long[] previous, long[] now) {
    for (int j = 0; j < limitNames.length; j++) {
      limitCommitted[j] += now[j] - (previous == null ? 0 : previous[j]);
    }
  }

  /** Which limits stop every type, for explanations. */
  String limitsSummary() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < limitNames.length; i++) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(limitNames[i])
          .append(' ')
          .append(
              Resources.format(limitNames[i], Math.max(0, limitRemaining[i] - limitCommitted[i])))
          .append(" left");
    }
    return sb.toString();
  }

  void resetLimits() {
    Arrays.fill(limitCommitted, 0);
  }
}
