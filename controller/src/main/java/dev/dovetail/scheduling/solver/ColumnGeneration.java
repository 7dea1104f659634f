package dev.dovetail.scheduling.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cost-optimal packing of a few pod classes (pods identical in requests) onto instance types, as a
 * cutting-stock problem: a column is one node, a type plus how many pods of each class it holds.
 *
 * <p>The LP master ({@link CoveringLp}) covers each class's demand at least once; each round, a
 * bounded multi-dimensional knapsack per type ({@link #price}) finds the node with the most dual
 * value per dollar, and columns with negative reduced cost join the master. When no column
 * improves, the LP optimum is a lower bound on every packing of these pods onto these types. The
 * integer solution comes from residual rounding: take every column the LP uses at least once as
 * many whole times as it uses it, re-solve the LP for the pods still uncovered, and when the LP
 * uses no column whole, take the one it uses most; repeat until every pod is covered.
 *
 * <p>If pricing stops early (round or search budget), the bound falls back to Farley's: the LP
 * value divided by the largest dual value per dollar any type could reach, which is valid for any
 * duals.
 */
final class ColumnGeneration {
  private static final int MAX_ROUNDS = 200;
  private static final int COLUMNS_PER_ROUND = 8;
  private static final int KNAPSACK_NODES = 20_000;
  private static final int MAX_DIVES = 200;

  /**
   * Knapsack search nodes one solve may spend; past it, pricing stops (the bound falls back to
   * Farley's) and the branching search ends, so a group of many classes costs bounded time.
   */
  private static final long WORK_BUDGET = 6_000_000;

  /** Pricing tolerance relative to a type's price (see {@link Search#slack}). */
  private static final double SLACK = 1e-4;

  private long work;

  /** One node of the solution: a type index and how many pods of each class it holds. */
  record Pattern(int type, int[] counts) {}

  /** The packing and the LP bound for it. */
  record Result(List<Pattern> nodes, double cost, double lowerBound) {}

  private final long[][] requests;
  private final long[][] allocatable;
  private final double[] prices;
  private final int[] types;

  /** Columns found while rounding, for the branching search. */
  private final List<Pattern> generated = new ArrayList<>();

  /**
   * @param requests per class, the request vector of one pod
   * @param allocatable per type, what a node of it holds
   * @param prices per type, its price
   */
  ColumnGeneration(long[][] requests, long[][] allocatable, double[] prices) {
    this.requests = requests;
    this.allocatable = allocatable;
    this.prices = prices;
    this.types = undominated();
  }

  /**
   * Packs {@code demand[k]} pods of each class; null when some class fits no type. Two roundings of
   * the LP are tried and the cheaper kept: fixing every column the LP uses whole at once, and
   * fixing only the most-used column before re-solving.
   */
  Result solve(int[] demand) {
    for (int k = 0; k < demand.length; k++) {
      if (demand[k] > 0 && bestSingle(k, demand[k]) == null) {
        return null;
      }
    }
    Lp root = solveLp(demand, List.of());
    Result bulk = round(demand, root, true);
    List<Pattern> columns = new ArrayList<>(root.patterns);
    columns.addAll(generated);
    Branching tree = new Branching(columns, bulk);
    tree.dfs(demand.clone(), 0, new ArrayList<>());
    Result best = tree.incumbent;
    return new Result(best.nodes(), best.cost(), root.bound);
  }

  /**
   * A bounded depth-first search for a cheaper integer packing over the columns the root LP
   * generated (price and branch): at each step the restricted LP over the uncovered pods is solved,
   * the step is pruned when what is spent plus that LP cannot beat the best packing, and otherwise
   * each of the few most-used columns is taken, as many whole times as the LP uses it, in turn. The
   * first path is plain rounding; backtracking repairs its end game, where whole nodes are wasted.
   */
  private final class Branching {
    private static final int BUDGET = 2000;
    private static final int BRANCHES = 4;
    final List<Pattern> pool;
    Result incumbent;
    int solves;

    Branching(List<Pattern> pool, Result start) {
      this.pool = pool;
      this.incumbent = start;
    }

    void dfs(int[] residual, double spent, List<Pattern> taken) {
      if (sum(residual) == 0) {
        if (spent < incumbent.cost() - 1e-9) {
          incumbent = new Result(new ArrayList<>(taken), spent, 0);
        }
        return;
      }
      if (solves++ >= BUDGET || work >= WORK_BUDGET) {
        return;
      }
      Lp lp = restrictedLp(residual, pool);
      if (spent + lp.objective >= incumbent.cost() - 1e-9) {
        return;
      }
      Integer[] order = new Integer[lp.patterns.size()];
      for (int j = 0; j < order.length; j++) {
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> Double.compare(lp.values[b], lp.values[a]));
      for (int b = 0; b < Math.min(BRANCHES, order.length); b++) {
        double v = lp.values[order[b]];
        if (v <= 1e-6) {
          break;
        }
        int[] next = residual.clone();
        List<Pattern> more = new ArrayList<>(taken);
        double cost = spent;
        int copies = Math.max(1, (int) Math.floor(v + 1e-6));
        for (int c = 0; c < copies; c++) {
          int before = more.size();
          take(lp.patterns.get(order[b]), next, more);
          if (more.size() > before) {
            Pattern p = more.get(more.size() - 1);
            Pattern retyped = new Pattern(cheapestHolding(p.counts()), p.counts());
            more.set(more.size() - 1, retyped);
            cost += prices[retyped.type()];
          }
        }
        dfs(next, cost, more);
        if (solves >= BUDGET) {
          return;
        }
      }
    }
  }

  private Result round(int[] demand, Lp root, boolean bulk) {
    int classes = demand.length;
    int[] residual = demand.clone();
    List<Pattern> chosen = new ArrayList<>();
    Lp lp = root;
    for (int dive = 0; dive < MAX_DIVES && sum(residual) > 0; dive++) {
      if (dive > 0) {
        lp = solveLp(residual, lp.patterns);
        generated.addAll(lp.patterns.subList(activeClasses(residual).length, lp.patterns.size()));
      }
      boolean took = false;
      int most = -1;
      for (int j = 0; j < lp.patterns.size(); j++) {
        double v = lp.values[j];
        if (bulk && v >= 1 - 1e-6) {
          for (int copies = (int) Math.floor(v + 1e-6); copies > 0; copies--) {
            took |= take(lp.patterns.get(j), residual, chosen);
          }
        }
        if (most < 0 || v > lp.values[most]) {
          most = j;
        }
      }
      if (!took && most >= 0) {
        int copies = Math.max(1, (int) Math.floor(lp.values[most] + 1e-6));
        for (int c = 0; c < copies; c++) {
          took |= take(lp.patterns.get(most), residual, chosen);
        }
      }
      if (!took) {
        break;
      }
    }
    for (int k = 0; k < classes; k++) {
      while (residual[k] > 0) {
        take(bestSingle(k, residual[k]), residual, chosen);
      }
    }
    List<Pattern> nodes = new ArrayList<>(chosen.size());
    double cost = 0;
    for (Pattern p : chosen) {
      Pattern cheaper = new Pattern(cheapestHolding(p.counts()), p.counts());
      nodes.add(cheaper);
      cost += prices[cheaper.type()];
    }
    return new Result(nodes, cost, 0);
  }

  private record Lp(List<Pattern> patterns, double[] values, double bound, double objective) {}

  /** The LP over the residual demand with the given columns only (trimmed), no pricing. */
  private Lp restrictedLp(int[] residual, List<Pattern> seed) {
    return solveLp(residual, seed, 0);
  }

  private Lp solveLp(int[] residual, List<Pattern> seed) {
    return solveLp(residual, seed, MAX_ROUNDS);
  }

  /** Column generation for the residual demand, seeded with the previous columns (trimmed). */
  private Lp solveLp(int[] residual, List<Pattern> seed, int rounds) {
    int classes = residual.length;
    int[] active = activeClasses(residual);
    double[] rhs = new double[active.length];
    for (int i = 0; i < active.length; i++) {
      rhs[i] = residual[active[i]];
    }
    CoveringLp lp = new CoveringLp(rhs);
    List<Pattern> patterns = new ArrayList<>();
    for (int k : active) {
      Pattern single = bestSingle(k, residual[k]);
      patterns.add(single);
      lp.addColumn(coverage(single, active), prices[single.type()]);
    }
    for (Pattern p : seed) {
      int[] trimmed = new int[classes];
      boolean any = false;
      for (int k = 0; k < classes; k++) {
        trimmed[k] = Math.min(p.counts()[k], residual[k]);
        any |= trimmed[k] > 0;
      }
      if (any) {
        Pattern t = new Pattern(p.type(), trimmed);
        patterns.add(t);
        lp.addColumn(coverage(t, active), prices[t.type()]);
      }
    }
    double z = lp.solve();
    double bound = Double.NaN;
    for (int round = 0; round < rounds && work < WORK_BUDGET; round++) {
      double[] duals = new double[classes];
      double[] d = lp.duals();
      for (int i = 0; i < active.length; i++) {
        duals[active[i]] = Math.max(0, d[i]);
      }
      List<Pattern> found = new ArrayList<>();
      List<Double> reduced = new ArrayList<>();
      double bestValuePerDollar = 0;
      boolean exact = true;
      for (int t : types) {
        Knapsack ks = price(t, duals, residual);
        exact &= ks.exact;
        bestValuePerDollar = Math.max(bestValuePerDollar, ks.upper / prices[t]);
        double rc = prices[t] - ks.value;
        if (rc < -SLACK * prices[t] && ks.counts != null) {
          found.add(new Pattern(t, ks.counts));
          reduced.add(rc);
        }
      }
      double farley = bestValuePerDollar > 1 ? z / bestValuePerDollar : z;
      bound = Double.isNaN(bound) ? farley : Math.max(bound, farley);
      if (found.isEmpty()) {
        if (exact) {
          bound = z;
        }
        break;
      }
      Integer[] order = new Integer[found.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(reduced.get(a), reduced.get(b)));
      for (int i = 0; i < Math.min(COLUMNS_PER_ROUND, order.length); i++) {
        Pattern p = found.get(order[i]);
        patterns.add(p);
        lp.addColumn(coverage(p, active), prices[p.type()]);
      }
      z = lp.solve();
    }
    return new Lp(patterns, lp.primal(), Double.isNaN(bound) ? 0 : Math.min(bound, z), z);
  }

  private record Knapsack(int[] counts, double value, double upper, boolean exact) {}

  /**
   * The node of type {@code t} with the most dual value: a bounded knapsack over the classes in
   * every resource, by depth-first branch and bound (densest class first, counts high to low).
   */
  private Knapsack price(int t, double[] duals, int[] limit) {
    long[] cap = allocatable[t];
    int classes = duals.length;
    Integer[] order = new Integer[classes];
    int n = 0;
    double[] density = new double[classes];
    for (int k = 0; k < classes; k++) {
      if (duals[k] <= 0 || limit[k] == 0 || !fits(requests[k], cap)) {
        continue;
      }
      double share = 0;
      for (int d = 0; d < cap.length; d++) {
        if (requests[k][d] > 0) {
          share = Math.max(share, (double) requests[k][d] / cap[d]);
        }
      }
      density[k] = duals[k] / share;
      order[n++] = k;
    }
    if (n == 0) {
      return new Knapsack(null, 0, 0, true);
    }
    Integer[] items = Arrays.copyOf(order, n);
    int dims = cap.length;
    double[] omega = surrogateWeights(items, duals, limit, cap);
    double[] size = new double[classes];
    for (int k : items) {
      for (int d = 0; d < dims; d++) {
        if (omega[d] > 0 && requests[k][d] > 0) {
          size[k] += omega[d] * requests[k][d] / cap[d];
        }
      }
      density[k] = size[k] > 0 ? duals[k] / size[k] : Double.POSITIVE_INFINITY;
    }
    Arrays.sort(items, (a, b) -> Double.compare(density[b], density[a]));
    // suffixRatio[i][d]: the most dual value per unit of resource d among items i.., which bounds
    // what the remaining capacity in d can still earn.
    double[][] suffixRatio = new double[n + 1][dims];
    double[] suffixValue = new double[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      int k = items[i];
      suffixValue[i] = suffixValue[i + 1] + duals[k] * Math.min(limit[k], maxCopies(k, cap));
      for (int d = 0; d < dims; d++) {
        double r = requests[k][d] > 0 ? duals[k] / requests[k][d] : Double.POSITIVE_INFINITY;
        suffixRatio[i][d] = Math.max(suffixRatio[i + 1][d], r);
      }
    }
    Search s = new Search(items, duals, limit, suffixRatio, suffixValue, cap.clone());
    s.slack = SLACK * prices[t];
    s.surrogate(omega, size, cap);
    double upper = s.bound(0);
    s.dfs(0, 0);
    work += s.nodes;
    return new Knapsack(
        s.best == null ? null : s.best,
        s.bestValue,
        s.nodes > KNAPSACK_NODES ? upper : s.bestValue + s.slack,
        s.nodes <= KNAPSACK_NODES);
  }

  /**
   * The surrogate weights over resources whose fractional knapsack bound is lowest at the root: a
   * grid between cpu and memory, and each resource alone.
   */
  private double[] surrogateWeights(Integer[] items, double[] duals, int[] limit, long[] cap) {
    int dims = cap.length;
    double[] best = null;
    double bestBound = Double.POSITIVE_INFINITY;
    List<double[]> candidates = new ArrayList<>();
    for (int a = 0; a <= 10; a++) {
      double[] w = new double[dims];
      w[Dimensions.CPU] = a / 10.0;
      w[Dimensions.MEMORY] = 1 - a / 10.0;
      candidates.add(w);
    }
    for (int d = 2; d < dims; d++) {
      if (cap[d] <= 0) {
        continue;
      }
      double[] w = new double[dims];
      w[d] = 1;
      candidates.add(w);
    }
    for (double[] w : candidates) {
      double[] size = new double[duals.length];
      Integer[] order = items.clone();
      for (int k : order) {
        for (int d = 0; d < dims; d++) {
          if (w[d] > 0 && requests[k][d] > 0) {
            size[k] += w[d] * requests[k][d] / cap[d];
          }
        }
      }
      Arrays.sort(
          order,
          (x, y) ->
              Double.compare(
                  size[y] > 0 ? duals[y] / size[y] : Double.POSITIVE_INFINITY,
                  size[x] > 0 ? duals[x] / size[x] : Double.POSITIVE_INFINITY));
      double capacity = 0;
      for (int d = 0; d < dims; d++) {
        capacity += w[d];
      }
      double value = 0;
      for (int k : order) {
        int copies = Math.min(limit[k], maxCopies(k, cap));
        double s = size[k] * copies;
        if (s <= capacity) {
          capacity -= s;
          value += duals[k] * copies;
        } else {
          value += duals[k] * capacity / size[k];
          break;
        }
      }
      if (best == null || value < bestBound) {
        bestBound = value;
        best = w;
      }
    }
    return best;
  }

  private final class Search {
    final Integer[] items;
    final double[] duals;
    final int[] limit;
    final double[][] suffixRatio;
    final double[] suffixValue;
    final long[] room;
    final int[] counts;
    int[] best;
    double bestValue;
    int nodes;

    Search(
        Integer[] items,
        double[] duals,
        int[] limit,
        double[][] suffixRatio,
        double[] suffixValue,
        long[] room) {
      this.items = items;
      this.duals = duals;
      this.limit = limit;
      this.suffixRatio = suffixRatio;
      this.suffixValue = suffixValue;
      this.room = room;
      this.counts = new int[duals.length];
    }

    /**
     * Branches that cannot beat the best node by more than this are pruned: the search then proves
     * the best node within {@code slack} of the optimum, which the bound accounts for.
     */
    double slack;

    double[] omega;
    double[] size;
    long[] full;
    int[] most;

    void surrogate(double[] omega, double[] size, long[] cap) {
      this.omega = omega;
      this.size = size;
      this.full = cap;
      this.most = new int[duals.length];
      for (int k : items) {
        most[k] = Math.min(limit[k], maxCopies(k, cap));
      }
    }

    /**
     * What the remaining items can still earn: the fractional knapsack on the surrogate constraint
     * (items are in surrogate-density order), capped by each resource's own ratio bound.
     */
    double bound(int i) {
      double b = surrogateBound(i);
      for (int d = 0; d < room.length; d++) {
        double r = suffixRatio[i][d];
        if (!Double.isInfinite(r)) {
          b = Math.min(b, r * room[d]);
        }
      }
      return b;
    }

    private double surrogateBound(int i) {
      double capacity = 0;
      for (int d = 0; d < room.length; d++) {
        if (omega[d] > 0 && full[d] > 0) {
          capacity += omega[d] * room[d] / full[d];
        }
      }
      double value = 0;
      for (int j = i; j < items.length; j++) {
        int k = items[j];
        double s = size[k] * most[k];
        if (s <= capacity) {
          capacity -= s;
          value += duals[k] * most[k];
        } else {
          return value + duals[k] * capacity / size[k];
        }
      }
      return value;
    }

    void dfs(int i, double value) {
      nodes++;
      if (value > bestValue + 1e-12) {
        bestValue = value;
        best = counts.clone();
      }
      if (i == items.length || nodes > KNAPSACK_NODES) {
        return;
      }
      if (value + bound(i) <= bestValue + slack) {
        return;
      }
      int k = items[i];
      long[] req = requests[k];
      int max = limit[k];
      for (int d = 0; d < room.length; d++) {
        if (req[d] > 0) {
          max = (int) Math.min(max, room[d] / req[d]);
        }
      }
      // The last item takes all it can; for the others, a count is expanded only when it could
      // still beat the best packing.
      for (int c = max; c >= (i == items.length - 1 ? max : 0); c--) {
        for (int d = 0; d < room.length; d++) {
          room[d] -= req[d] * c;
        }
        double v = value + duals[k] * c;
        if (v > bestValue + 1e-12
            || (i + 1 < items.length && v + bound(i + 1) > bestValue + slack)) {
          counts[k] = c;
          dfs(i + 1, v);
          counts[k] = 0;
        }
        for (int d = 0; d < room.length; d++) {
          room[d] += req[d] * c;
        }
        if (nodes > KNAPSACK_NODES) {
          return;
        }
      }
    }
  }

  private boolean take(Pattern p, int[] residual, List<Pattern> chosen) {
    int[] counts = new int[residual.length];
    boolean any = false;
    for (int k = 0; k < residual.length; k++) {
      counts[k] = Math.min(p.counts()[k], residual[k]);
      residual[k] -= counts[k];
      any |= counts[k] > 0;
    }
    if (any) {
      chosen.add(new Pattern(p.type(), counts));
    }
    return any;
  }

  /** The single-class node with the lowest price per pod for up to {@code n} pods of class k. */
  private Pattern bestSingle(int k, int n) {
    int bestType = -1;
    int bestCount = 0;
    double bestPerPod = Double.POSITIVE_INFINITY;
    for (int t : types) {
      int copies = Math.min(n, maxCopies(k, allocatable[t]));
      if (copies <= 0) {
        continue;
      }
      double perPod = prices[t] / copies;
      if (perPod < bestPerPod) {
        bestPerPod = perPod;
        bestType = t;
        bestCount = copies;
      }
    }
    if (bestType < 0) {
      return null;
    }
    int[] counts = new int[requests.length];
    counts[k] = bestCount;
    return new Pattern(bestType, counts);
  }

  /** The cheapest type (of all, dominated ones included) that holds the counts. */
  private int cheapestHolding(int[] counts) {
    long[] need = new long[allocatable[0].length];
    for (int k = 0; k < counts.length; k++) {
      for (int d = 0; d < need.length; d++) {
        need[d] += requests[k][d] * counts[k];
      }
    }
    int best = -1;
    for (int t = 0; t < prices.length; t++) {
      if (fits(need, allocatable[t]) && (best < 0 || prices[t] < prices[best])) {
        best = t;
      }
    }
    return best;
  }

  private int maxCopies(int k, long[] cap) {
    long max = Long.MAX_VALUE;
    for (int d = 0; d < cap.length; d++) {
      if (requests[k][d] > 0) {
        max = Math.min(max, cap[d] / requests[k][d]);
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, max));
  }

  /**
   * Types no other type beats: one with at least as much of every resource at no higher price (ties
   * keep the lower index). Dominated types are never needed in an optimal packing.
   */
  private int[] undominated() {
    int n = prices.length;
    boolean[] dominated = new boolean[n];
    Integer[] byPrice = new Integer[n];
    for (int t = 0; t < n; t++) {
      byPrice[t] = t;
    }
    Arrays.sort(byPrice, (a, b) -> Double.compare(prices[a], prices[b]));
    List<Integer> kept = new ArrayList<>();
    for (int t : byPrice) {
      for (int u : kept) {
        if (prices[u] <= prices[t] && fits(allocatable[t], allocatable[u])) {
          dominated[t] = true;
          break;
        }
      }
      if (!dominated[t]) {
        kept.add(t);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] activeClasses(int[] residual) {
    int n = 0;
    for (int r : residual) {
      n += r > 0 ? 1 : 0;
    }
    int[] out = new int[n];
    n = 0;
    for (int k = 0; k < residual.length; k++) {
      if (residual[k] > 0) {
        out[n++] = k;
      }
    }
    return out;
  }

  private static double[] coverage(Pattern p, int[] active) {
    double[] a = new double[active.length];
    for (int i = 0; i < active.length; i++) {
      a[i] = p.counts()[active[i]];
    }
    return a;
  }

  private static boolean fits(long[] need, long[] capacity) {
    return Dimensions.fits(need, capacity);
  }

  private static int sum(int[] a) {
    int s = 0;
    for (int v : a) {
      s += v;
    }
    return s;
  }
}
