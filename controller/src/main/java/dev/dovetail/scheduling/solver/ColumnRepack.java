package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Requirements;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-packs the plain pods of a finished packing run with {@link ColumnGeneration} and keeps the
 * result when it is cheaper.
 *
 * <p>A pod is plain when nothing about it depends on where other pods go: no spread, affinity or
 * anti-affinity term of its own, no term of another pod selects it, no host ports. Such a pod can
 * move to any node of its pool that matches its requirements and has room, without changing what
 * any other pod may do. The packer keeps the pool it chose (pool weights stay as upstream), the
 * pods it placed on existing nodes, every node holding a pod that is not plain, and every pool with
 * limits. The plain pods on the other new nodes are grouped by (pool, requirements) and each group
 * is packed as a cutting-stock problem over the pool's types that match those requirements. Two
 * variants are priced: re-packing only nodes that hold nothing but plain pods, and also pulling
 * plain pods out of mixed nodes (which may then shrink); the cheaper wins if it beats the packer.
 */
final class ColumnRepack {
  /**
   * Groups with more distinct pod shapes than this keep the packer's nodes: the LP has one row per
   * shape, and workloads of many replicas have few shapes.
   */
  static final int MAX_CLASSES = 32;

  private final Problem problem;
  private final Packer packer;

  /** The LP bound when it holds for the whole plan (see {@link #wholePlanBound}), else NaN. */
  double lowerBound = Double.NaN;

  ColumnRepack(Problem problem, Packer packer) {
    this.problem = problem;
    this.packer = packer;
  }

  /** Replaces the packer's nodes by the cheaper re-packing, if any; true when it did. */
  boolean improve() {
    List<Draft> drafts = packer.drafts;
    boolean[] plainOnly = new boolean[drafts.size()];
    boolean anyMixed = false;
    boolean anyPlain = false;
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      if (d.pool.hasLimits()) {
        continue;
      }
      int plain = 0;
      for (PodState p : d.pods) {
        plain += plain(p) ? 1 : 0;
      }
      plainOnly[i] = plain == d.pods.size();
      anyMixed |= plain > 0 && !plainOnly[i];
      anyPlain |= plain > 0;
    }
    if (!anyPlain) {
      return false;
    }
    double before = packer.cost();
    Option whole = option(plainOnly, false);
    Option best = whole;
    if (anyMixed) {
      Option pulled = option(plainOnly, true);
      if (pulled != null && (best == null || pulled.cost < best.cost)) {
        best = pulled;
      }
    }
    if (whole != null && whole.bound != null) {
      lowerBound = whole.bound;
    }
    if (best == null || best.cost >= before - 1e-9) {
      return false;
    }
    apply(best);
    return true;
  }

  /** A priced re-packing: the drafts it keeps (some shrunk) and the new nodes. */
  private record Option(
      List<Draft> kept,
      Map<Draft, List<PodState>> removed,
      List<Draft> added,
      double cost,
      Double bound) {}

  private Option option(boolean[] plainOnly, boolean pullFromMixed) {
    List<Draft> drafts = packer.drafts;
    Map<GroupKey, List<PodState>> groups = new LinkedHashMap<>();
    Map<Draft, List<PodState>> removed = new LinkedHashMap<>();
    List<Draft> kept = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      boolean dissolve = plainOnly[i];
      if (!dissolve && (!pullFromMixed || d.pool.hasLimits())) {
        kept.add(d);
        continue;
      }
      List<PodState> out = new ArrayList<>();
      for (PodState p : d.pods) {
        if (plain(p)) {
          out.add(p);
          groups
              .computeIfAbsent(new GroupKey(d.pool, p.requirements()), g -> new ArrayList<>())
              .add(p);
        }
      }
      if (!dissolve) {
        kept.add(d);
        if (!out.isEmpty()) {
          removed.put(d, out);
        }
      }
    }
    double cost = 0;
    for (Draft d : kept) {
      List<PodState> out = removed.get(d);
      double price =
          out == null ? packer.draftPrice(d, d.used) : packer.draftPrice(d, less(d, out));
      cost += price;
    }
    List<Draft> added = new ArrayList<>();
    Double bound = null;
    for (Map.Entry<GroupKey, List<PodState>> e : groups.entrySet()) {
      Group group = new Group(e.getKey(), e.getValue());
      ColumnGeneration.Result result = group.solve();
      if (result == null) {
        return null;
      }
      cost += result.cost();
      added.addAll(group.drafts(result));
      if (groups.size() == 1 && !pullFromMixed && wholePlanBound(e.getValue())) {
        bound = result.lowerBound();
      }
    }
    return new Option(kept, removed, added, cost, bound);
  }

  /**
   * The group's LP bound bounds the whole plan when the group is every pod of the snapshot, there
   * is one pool and no existing node, and the pods' requirements are all hard (no node-affinity
   * terms, which could be relaxed or chosen among).
   */
  private boolean wholePlanBound(List<PodState> group) {
    if (group.size() != problem.pods.size()
        || problem.pools.size() != 1
        || !problem.snapshot.existingNodes().isEmpty()) {
      return false;
    }
    for (PodState p : group) {
      if (!p.facts.pod.requiredNodeAffinity().isEmpty()
          || !p.facts.pod.preferredNodeAffinity().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private void apply(Option option) {
    for (Map.Entry<Draft, List<PodState>> e : option.removed.entrySet()) {
      Draft d = e.getKey();
      d.pods.removeAll(new HashSet<>(e.getValue()));
      d.used = less(d, e.getValue());
      d.types = packer.fittingTypes(d);
      d.refresh();
    }
    packer.replaceDrafts(option.kept, option.added);
  }

  private static long[] less(Draft d, List<PodState> out) {
    long[] used = d.used.clone();
    for (PodState p : out) {
      for (int r = 0; r < used.length; r++) {
        used[r] -= p.facts.requests[r];
      }
    }
    return used;
  }

  private boolean plain(PodState p) {
    PodFacts f = p.facts;
    return !f.hasTopology() && f.matchedGroups.isEmpty() && f.pod.hostPorts().isEmpty();
  }

  private record GroupKey(PoolOption pool, Requirements requirements) {}

  /** One (pool, requirements) group: its classes of identical pods and its candidate types. */
  private final class Group {
    final PoolOption pool;
    final Requirements requirements;
    final long slotMask;
    final BitSet compatible;
    final int[] typeIndex;
    final List<List<PodState>> classes = new ArrayList<>();
    final long[][] requests;

    Group(GroupKey key, List<PodState> pods) {
      this.pool = key.pool();
      this.requirements = pool.requirements.and(key.requirements());
      this.slotMask = problem.slots.allowed(requirements) & pool.allowedSlots;
      this.compatible = pool.compatible(key.requirements());
      Map<List<Long>, List<PodState>> byRequests = new LinkedHashMap<>();
      for (PodState p : pods) {
        byRequests
            .computeIfAbsent(
                Arrays.stream(p.facts.requests).boxed().toList(), r -> new ArrayList<>())
            .add(p);
      }
      classes.addAll(byRequests.values());
      requests = new long[classes.size()][];
      for (int k = 0; k < requests.length; k++) {
        requests[k] = classes.get(k).get(0).facts.requests;
      }
      List<Integer> usable = new ArrayList<>();
      for (int i = compatible.nextSetBit(0); i >= 0; i = compatible.nextSetBit(i + 1)) {
        if ((pool.types[i].offerMask & slotMask) != 0) {
          usable.add(i);
        }
      }
      typeIndex = usable.stream().mapToInt(Integer::intValue).toArray();
    }

    ColumnGeneration.Result solve() {
      if (typeIndex.length == 0 || classes.size() > MAX_CLASSES) {
        return null;
      }
      long[][] alloc = new long[typeIndex.length][];
      double[] prices = new double[typeIndex.length];
      for (int j = 0; j < typeIndex.length; j++) {
        TypeOption t = pool.types[typeIndex[j]];
        alloc[j] = t.allocatable;
        prices[j] = t.price(slotMask);
      }
      int[] demand = new int[classes.size()];
      for (int k = 0; k < demand.length; k++) {
        demand[k] = classes.get(k).size();
      }
      return new ColumnGeneration(requests, alloc, prices).solve(demand);
    }

    List<Draft> drafts(ColumnGeneration.Result result) {
      int[] next = new int[classes.size()];
      List<Draft> out = new ArrayList<>();
      BitSet all = new BitSet(pool.types.length);
      all.set(0, pool.types.length);
      for (ColumnGeneration.Pattern node : result.nodes()) {
        Draft d = new Draft(pool, packer.newNodeId(), all, Double.POSITIVE_INFINITY);
        d.fromColumns = true;
        d.requirements = requirements;
        d.slotMask = slotMask;
        d.compatible = compatible;
        d.used = new long[problem.dims.size()];
        for (int k = 0; k < next.length; k++) {
          for (int c = 0; c < node.counts()[k]; c++) {
            PodState p = classes.get(k).get(next[k]++);
            d.pods.add(p);
            for (int r = 0; r < d.used.length; r++) {
              d.used[r] += p.facts.requests[r];
            }
          }
        }
        d.types = packer.fittingTypes(d);
        d.refresh();
        out.add(d);
      }
      return out;
    }
  }
}
