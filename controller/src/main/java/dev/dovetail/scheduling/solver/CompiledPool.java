package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What a node pool compiles to for a given {@link Dimensions} and {@link Slots}: the instance types
 * compatible with its requirements that have an available offering it allows, sorted by that price
 * (then name), so that bit {@code i} of a candidate {@link BitSet} is the {@code i}-th cheapest
 * type. It depends on nothing else of a snapshot, so a {@link SolveCache} shares it between solves;
 * what a packing changes (limit accounting) lives in the per-solve {@link PoolOption}. Its caches
 * only fill in answers that are functions of the pool, so sharing them changes no result.
 */
final class CompiledPool {
  final NodePool pool;
  final Requirements requirements;

  /** The pool's well-known keys, computed once: {@link NodePool#wellKnownLabels()}. */
  final Set<String> wellKnown;

  final long allowedSlots;
  final TypeOption[] types;
  final boolean hasPreferNoSchedule;

  /** Types dropped before the solve, with the reason, for explanations. */
  final List<String> droppedTypes;

  final String[] limitNames;
  final long[] limitRemaining;

  /** Capacity of each type in each limited resource. */
  final long[][] limitCapacity;

  private final Slots slots;
  private final Map<Requirements, BitSet> compatible = new HashMap<>();
  private final Map<String, Set<String>> domains = new HashMap<>();
  private final Map<Indices, Requirements> candidateRequirements = new HashMap<>();

  private record Indices(int[] v) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Indices other && java.util.Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(v);
    }
  }

  CompiledPool(NodePool pool, Dimensions dims, Slots slots) {
    this.pool = pool;
    this.slots = slots;
    this.requirements = pool.requirements();
    this.wellKnown = pool.wellKnownLabels();
    this.allowedSlots = slots.allowed(requirements);
    long[] daemon = dims.of(pool.daemonOverhead());
    List<TypeOption> kept = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
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
        dropped.add(t.name() + " (no available offering in an allowed zone and capacity type)");
        continue;
      }
      kept.add(option);
    }
    kept.sort(
        Comparator.<TypeOption>comparingDouble(o -> o.cheapest).thenComparing(TypeOption::name));
    types = kept.toArray(new TypeOption[0]);
    droppedTypes = List.copyOf(dropped);
    hasPreferNoSchedule =
        pool.taints().stream().anyMatch(t -> t.effect() == TaintEffect.PREFER_NO_SCHEDULE);
    limitNames = pool.remainingLimits().keySet().toArray(new String[0]);
    limitRemaining = new long[limitNames.length];
    for (int i = 0; i < limitNames.length; i++) {
      limitRemaining[i] = pool.remainingLimits().get(limitNames[i]);
    }
    limitCapacity = new long[types.length][limitNames.length];
    for (int i = 0; i < types.length; i++) {
      for (int j = 0; j < limitNames.length; j++) {
        limitCapacity[i][j] = types[i].type.capacity().get(limitNames[j]);
      }
    }
  }

  /**
   * The types whose labels are compatible with a pod's requirements (cached per requirement set;
   * callers must not change the set).
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
   * The values a topology key (other than hostname) can take on a new node of this pool: the
   * offered zones or capacity types, or the values the pool's and its types' requirements allow.
   */
  Set<String> domainValues(String key) {
    return domains.computeIfAbsent(key, this::computeDomainValues);
  }

  private Set<String> computeDomainValues(String key) {
    TreeSet<String> v = new TreeSet<>();
    for (TypeOption t : types) {
      if (key.equals(WellKnownLabels.ZONE)) {
        v.addAll(slots.zonesOf(t.offerMask & allowedSlots));
      } else if (key.equals(WellKnownLabels.CAPACITY_TYPE)) {
        Slots.capacityTypesOf(t.offerMask & allowedSlots).forEach(c -> v.add(c.label()));
      } else {
        Requirement r = requirements.get(key);
        Requirement tr = t.type.requirements().get(key);
        Requirement both = r == null ? tr : tr == null ? r : r.intersect(tr);
        if (both != null && !both.complement()) {
          v.addAll(both.values());
        }
      }
    }
    return java.util.Collections.unmodifiableSet(v);
  }

  /**
   * The requirements a planned node gets from its candidate list (types by index, cheapest first):
   * nodes often share a list, within a solve and between the solves of a session.
   */
  Requirements candidateRequirements(int[] indices, Supplier<Requirements> compute) {
    return candidateRequirements.computeIfAbsent(new Indices(indices), k -> compute.get());
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
}
