package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Requirements;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cost no plan can beat for the same pods: a Lagrangian form of the fractional resource bound.
 *
 * <p>For weights λ over the resources (summing to 1), a node of type {@code t} holding pods {@code
 * S} costs {@code price(t) ≥ Σ_{q∈S} Σ_r λ_r·req_r(q)/alloc_r(t)·price(t)}, because each resource's
 * share sums to at most 1. So every pod costs at least {@code min_t} of its weighted share times
 * price over the types it fits and is compatible with, and the sum over pods is a lower bound for
 * every λ; the engine takes the best λ on a grid. Free capacity of existing nodes is subtracted at
 * the highest per-unit value any pod class could have, which keeps the bound valid when a plan puts
 * pods there for free. Per resource alone (λ a unit vector) this is the classic fractional bound
 * per pool.
 */
final class LowerBound {
  private LowerBound() {}

  static double compute(Problem problem, List<PodFacts> scheduled) {
    Map<ClassKey, int[]> classes = new HashMap<>();
    List<ClassKey> order = new ArrayList<>();
    for (PodFacts f : scheduled) {
      ClassKey key =
          new ClassKey(
              f.pod.nodeSelector().and(f.pod.volumeRequirements()), new PodValuesKey(f.requests));
      int[] count = classes.get(key);
      if (count == null) {
        count = new int[1];
        classes.put(key, count);
        order.add(key);
      }
      count[0]++;
    }
    int dims = problem.dims.size();
    List<double[]> lambdas = lambdas(dims, order.size() > 2000 ? 1.0 : 0.1);
    double best = 0;
    // The types each class fits, in pool then price order: the same for every λ.
    Map<ClassKey, TypeOption[]> fitting = new HashMap<>();
    for (ClassKey key : order) {
      fitting.put(key, fittingTypes(problem, key));
    }
    for (double[] lambda : lambdas) {
      double total = 0;
      double[] maxPerUnit = new double[dims];
      for (ClassKey key : order) {
        double[] perUnit = new double[dims];
        double lb = classBound(key.requests.v(), fitting.get(key), lambda, perUnit);
        if (Double.isInfinite(lb)) {
          continue;
        }
        total += lb * classes.get(key)[0];
        for (int r = 0; r < dims; r++) {
          maxPerUnit[r] = Math.max(maxPerUnit[r], perUnit[r]);
        }
      }
      double absorbed = 0;
      for (long[] free : problem.existingFree) {
        for (int r = 0; r < dims; r++) {
          absorbed += lambda[r] * Math.max(0, free[r]) * maxPerUnit[r];
        }
      }
      best = Math.max(best, total - absorbed);
    }
    return best;
  }

  /** The types of every compatible pool that a pod of the class fits on. */
  private static TypeOption[] fittingTypes(Problem problem, ClassKey key) {
    long[] req = key.requests.v();
    List<TypeOption> out = new ArrayList<>();
    for (PoolOption pool : problem.pools) {
      if (!pool.requirements.compatible(key.requirements, pool.wellKnown)) {
        continue;
      }
      BitSet compat = pool.compatible(key.requirements);
      for (int i = compat.nextSetBit(0); i >= 0; i = compat.nextSetBit(i + 1)) {
        TypeOption t = pool.types[i];
        if (Dimensions.fits(req, t.allocatable)) {
          out.add(t);
        }
      }
    }
    return out.toArray(new TypeOption[0]);
  }

  private static double classBound(
      long[] req, TypeOption[] types, double[] lambda, double[] perUnit) {
    double best = Double.POSITIVE_INFINITY;
    TypeOption bestType = null;
    for (TypeOption t : types) {
      double share = 0;
      for (int r = 0; r < req.length; r++) {
        if (lambda[r] > 0 && req[r] > 0) {
          share += lambda[r] * req[r] / t.allocatable[r];
        }
      }
      double cost = share * t.cheapest;
      if (cost < best) {
        best = cost;
        bestType = t;
      }
    }
    if (bestType != null) {
      for (int r = 0; r < req.length; r++) {
        perUnit[r] = bestType.allocatable[r] > 0 ? bestType.cheapest / bestType.allocatable[r] : 0;
      }
    }
    return best;
  }

  /** Weight vectors on a grid over cpu, memory and pods, plus a unit vector for each other one. */
  private static List<double[]> lambdas(int dims, double step) {
    List<double[]> out = new ArrayList<>();
    int n = (int) Math.round(1 / step);
    for (int a = 0; a <= n; a++) {
      for (int b = 0; a + b <= n; b++) {
        double[] l = new double[dims];
        l[Dimensions.CPU] = a * step;
        l[Dimensions.MEMORY] = b * step;
        l[Dimensions.PODS] = (n - a - b) * step;
        out.add(l);
      }
    }
    for (int r = 3; r < dims; r++) {
      double[] l = new double[dims];
      l[r] = 1;
      out.add(l);
    }
    return out;
  }

  private record ClassKey(Requirements requirements, PodValuesKey requests) {}

  private record PodValuesKey(long[] v) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PodValuesKey other && java.util.Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(v);
    }
  }
}
