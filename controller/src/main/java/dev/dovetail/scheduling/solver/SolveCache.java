package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.NodePool;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Scheduler.Session} keeps between solves: the {@link Slots} of the last pool list
 * (reused while the list holds the same pool objects) and each {@link CompiledPool}, keyed by the
 * pool object and by the solve's {@link Dimensions} and {@link Slots} (a solve with another
 * extended resource or another zone compiles the pool again), the {@link PodValues} over them, and
 * the rank of each existing node object in upstream's order. Everything kept is a function of its
 * key, so a solve gives the same plan with a fresh cache or a used one.
 */
final class SolveCache {
  /** Compiled pools kept at most; past it the cache starts over (a pass reuses a few pools). */
  static final int MAX_POOLS = 64;

  private record Context(Dimensions dims, Slots slots) {}

  private NodePool[] slotsPools;
  private Slots slots;
  private final Map<Context, Map<NodePool, CompiledPool>> compiled = new HashMap<>();
  private int compiledCount;
  private IdentityHashMap<ExistingNode, Integer> existingRanks;
  private final PodValues podValues = new PodValues();

  /** Pod values over the compiled pools. */
  PodValues podValues() {
    return podValues;
  }

  /** The offering slots of the pools' types. */
  Slots slots(List<NodePool> pools) {
    if (slots == null || !sameObjects(pools, slotsPools)) {
      slots = Slots.of(pools);
      slotsPools = pools.toArray(new NodePool[0]);
    }
    return slots;
  }

  /** The pool compiled for these dimensions and slots. */
  CompiledPool pool(NodePool pool, Dimensions dims, Slots slots) {
    Context context = new Context(dims, slots);
    Map<NodePool, CompiledPool> byPool = compiled.get(context);
    CompiledPool out = byPool == null ? null : byPool.get(pool);
    if (out == null) {
      if (compiledCount >= MAX_POOLS) {
        compiled.clear();
        compiledCount = 0;
        podValues.clear();
      }
      out = new CompiledPool(pool, dims, slots);
      compiled.computeIfAbsent(context, c -> new IdentityHashMap<>()).put(pool, out);
      compiledCount++;
    }
    return out;
  }

  /**
   * {@link Problem#upstreamOrder} of the existing nodes. Consolidation solves subsets of one list
   * of node objects, so after a full sort each node's rank is kept, and a list of ranked nodes is
   * ordered by rank (a primitive sort). Ranks are kept only when the sorted list has no ties, so
   * ordering any subset by rank is exactly the comparator's order.
   */
  int[] existingOrder(List<ExistingNode> nodes) {
    if (existingRanks != null) {
      long[] keys = new long[nodes.size()];
      int i = 0;
      for (; i < keys.length; i++) {
        Integer rank = existingRanks.get(nodes.get(i));
        if (rank == null) {
          break;
        }
        keys[i] = ((long) rank << 32) | i;
      }
      if (i == keys.length) {
        Arrays.sort(keys);
        int[] order = new int[keys.length];
        for (int k = 0; k < keys.length; k++) {
          order[k] = (int) keys[k];
        }
        return order;
      }
    }
    int[] order = Problem.upstreamOrder(nodes);
    existingRanks = ranks(nodes, order);
    return order;
  }

  private static IdentityHashMap<ExistingNode, Integer> ranks(
      List<ExistingNode> nodes, int[] order) {
    IdentityHashMap<ExistingNode, Integer> ranks = new IdentityHashMap<>();
    for (int k = 0; k < order.length; k++) {
      ExistingNode node = nodes.get(order[k]);
      if (k > 0 && sameKey(nodes.get(order[k - 1]), node)) {
        return null;
      }
      ranks.put(node, k);
    }
    return ranks;
  }

  private static boolean sameKey(ExistingNode a, ExistingNode b) {
    return a.initialized() == b.initialized() && a.name().equals(b.name());
  }

  private static boolean sameObjects(List<NodePool> pools, NodePool[] previous) {
    if (pools.size() != previous.length) {
      return false;
    }
    for (int i = 0; i < previous.length; i++) {
      if (pools.get(i) != previous[i]) {
        return false;
      }
    }
    return true;
  }
}
