package dev.dovetail.bench;

import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Times full engine solves ({@link Scheduler#solve}) of the reference workloads: the in-memory
 * solve only, like upstream's benchmark, with the snapshot built outside the timed region. Each
 * case runs warm-up rounds, then measured rounds, and reports the median.
 */
public final class SchedulingBenchmark {
  public static final int[] DEFAULT_SIZES = {1, 50, 100, 500, 1000, 2000, 5000, 10000, 20000};
  static final long SEED = 42;

  private final int warmups;
  private final int rounds;

  public SchedulingBenchmark(int warmups, int rounds) {
    this.warmups = warmups;
    this.rounds = rounds;
  }

  /** The diverse sizes, the 4000-pod preference set under both policies, and the CA anchor. */
  public static List<BenchmarkCase> cases(int[] sizes, boolean preferences, boolean anchor) {
    return cases(sizes, preferences, anchor, () -> BenchmarkWorkloads.syntheticTypes(400));
  }

  /** The same cases over other instance types, e.g. a real catalog. */
  public static List<BenchmarkCase> cases(
      int[] sizes, boolean preferences, boolean anchor, Supplier<List<InstanceType>> types) {
    List<BenchmarkCase> cases = new ArrayList<>();
    for (int n : sizes) {
      cases.add(
          new BenchmarkCase(
              "diverse-" + n,
              n,
              () -> BenchmarkWorkloads.diverse(n, SEED, types.get()),
              SolveOptions.DEFAULT,
              -1,
              n / 5));
    }
    if (preferences) {
      cases.add(
          new BenchmarkCase(
              "preferences-respect",
              4000,
              () -> BenchmarkWorkloads.preferences(4000, SEED, types.get()),
              SolveOptions.DEFAULT,
              -1,
              0));
      cases.add(
          new BenchmarkCase(
              "preferences-ignore",
              4000,
              () -> BenchmarkWorkloads.preferences(4000, SEED, types.get()),
              SolveOptions.DEFAULT.ignoringPreferences(),
              -1,
              0));
    }
    if (anchor) {
      cases.add(
          new BenchmarkCase(
              "cluster-autoscaler-51000",
              51_000,
              BenchmarkWorkloads::clusterAutoscalerAnchor,
              SolveOptions.DEFAULT,
              2595,
              2595));
    }
    return cases;
  }

  /** Pod counts of the mixed-shape cases run on a real catalog. */
  public static final int[] MIXED_SIZES = {200, 500, 1000};

  /**
   * Mixed-shape workloads (a few deployments, no topology) on the given types: the cases where the
   * plan must come within 1% of the optimum, checked against the plan's own lower bound.
   */
  public static List<BenchmarkCase> mixedCases(Supplier<List<InstanceType>> types) {
    List<BenchmarkCase> cases = new ArrayList<>();
    for (int n : MIXED_SIZES) {
      for (long seed = 1; seed <= 2; seed++) {
        long s = seed;
        cases.add(
            new BenchmarkCase(
                "mixed-" + n + "-s" + s,
                n,
                () -> BenchmarkWorkloads.mixed(n, s, types.get()),
                SolveOptions.DEFAULT,
                -1,
                0,
                MIXED_MAX_RATIO));
      }
    }
    return cases;
  }

  /** The ratio of cost to lower bound a mixed-shape case must reach. */
  static final double MIXED_MAX_RATIO = 1.01;

  public BenchmarkResult run(BenchmarkCase c) {
    Snapshot snapshot = c.snapshot().get();
    Plan plan = null;
    for (int i = 0; i < warmups; i++) {
      plan = Scheduler.solve(snapshot, c.options());
    }
    double[] wall = new double[rounds];
    double[] cpu = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      Stopwatch watch = Stopwatch.start();
      plan = Scheduler.solve(snapshot, c.options());
      wall[i] = watch.wallMillis();
      cpu[i] = watch.cpuMillis();
    }
    double ms = Stopwatch.median(wall);
    return new BenchmarkResult(
        c.name(),
        c.pods(),
        ms,
        Stopwatch.median(cpu),
        c.pods() / (ms / 1000),
        plan.newNodes().size(),
        plan.scheduledPods(),
        plan.costPerHour(),
        plan.lowerBound(),
        plan.boundRatio(),
        plan.firstFitCostPerHour(),
        plan.firstFitNodes(),
        plan.packing(),
        check(c, plan));
  }

  private static String check(BenchmarkCase c, Plan plan) {
    List<String> problems = new ArrayList<>();
    if (!plan.unschedulable().isEmpty()) {
      problems.add(plan.unschedulable().size() + " pods unscheduled");
    }
    if (c.expectedNodes() >= 0 && plan.newNodes().size() != c.expectedNodes()) {
      problems.add("expected exactly " + c.expectedNodes() + " nodes");
    }
    if (plan.newNodes().size() < c.minimumNodes()) {
      problems.add("fewer than " + c.minimumNodes() + " nodes");
    }
    if (!Double.isNaN(c.maxRatio()) && !(plan.boundRatio() <= c.maxRatio())) {
      problems.add(String.format(java.util.Locale.ROOT, "ratio above %.2f", c.maxRatio()));
    }
    if (plan.costPerHour() > plan.firstFitCostPerHour() + 1e-6) {
      problems.add("costs more than first-fit-decreasing");
    }
    return problems.isEmpty() ? "ok" : String.join("; ", problems);
  }
}
