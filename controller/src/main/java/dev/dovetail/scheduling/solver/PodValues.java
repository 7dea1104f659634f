package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Requirements;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The work a pod represents in a pool, in dollars per hour: the cheapest price of any compatible
 * type times the pod's largest share of that type's allocatable (its dominant resource). The
 * cost-aware packer compares node types by price per unit of this work. Memoized per compiled pool,
 * requirement set and request vector (a {@link SolveCache} keeps it for a session's solves), and
 * per pod of the solve.
 */
final class PodValues {
  private final Map<Key, Double> cache = new HashMap<>();

  private record Key(CompiledPool pool, Requirements requirements, Vector requests) {}

  private record Vector(long[] v) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Vector other && Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(v);
    }
  }

  double value(PoolOption pool, PodFacts pod) {
    double[] byPool = pod.values;
    if (byPool == null) {
      byPool = new double[pool.index + 1];
      java.util.Arrays.fill(byPool, Double.NaN);
      pod.values = byPool;
    } else if (byPool.length <= pool.index) {
      int old = byPool.length;
      byPool = java.util.Arrays.copyOf(byPool, pool.index + 1);
      java.util.Arrays.fill(byPool, old, byPool.length, Double.NaN);
      pod.values = byPool;
    }
    double cached = byPool[pool.index];
    if (!Double.isNaN(cached)) {
      return cached;
    }
    double v = lookup(pool, pod);
    byPool[pool.index] = v;
    return v;
  }

  private double lookup(PoolOption pool, PodFacts pod) {
    Requirements reqs = pod.pod.nodeSelector().and(pod.pod.volumeRequirements());
    Key key = new Key(pool.compiled, reqs, new Vector(pod.requests));
    Double v = cache.get(key);
    if (v == null) {
      v = compute(pool, reqs, pod.requests);
      cache.put(key, v);
    }
    return v;
  }

  void clear() {
    cache.clear();
  }

  private static double compute(PoolOption pool, Requirements reqs, long[] requests) {
    java.util.BitSet compat = pool.compatible(reqs);
    double best = Double.POSITIVE_INFINITY;
    for (int i = compat.nextSetBit(0); i >= 0; i = compat.nextSetBit(i + 1)) {
      TypeOption t = pool.types[i];
      double share = 0;
      for (int d = 0; d < requests.length; d++) {
        if (requests[d] == 0) {
          continue;
        }
        share =
            t.allocatable[d] <= 0
                ? Double.POSITIVE_INFINITY
                : Math.max(share, (double) requests[d] / t.allocatable[d]);
      }
      if (share <= 1) {
        best = Math.min(best, t.cheapest * share);
      }
    }
    // A pod that fits no type still needs a positive value so ratios stay finite.
    return Double.isInfinite(best) || best <= 0 ? 1e-9 : best;
  }
}
