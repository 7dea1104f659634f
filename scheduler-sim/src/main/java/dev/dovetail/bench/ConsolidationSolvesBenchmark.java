package dev.dovetail.bench;

import dev.dovetail.scheduling.BoundPod;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.LabelSelector;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.TopologySpreadConstraint;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Times the engine solves of one consolidation pass as the deprovisioner makes them: the same pools
 * and nearly the same existing nodes each time, each solve without a different set of candidate
 * nodes whose pods move. The cluster has {@code nodes} nodes of four on-demand types (the
 * catalog's), {@code podsPerNode} pods on each (a fifth of them spread over zones), an on-demand
 * pool of weight 10 with a cpu limit and a spot pool. The pass is a prefix search (the first 100,
 * 50, 25, 12, 6, 3, 2 and 1 candidates) and single-node consolidation of the first 30 candidates.
 *
 * <p>Each round runs the pass twice: with a fresh {@link Scheduler#solve} per simulation, and with
 * one {@link Scheduler.Session} for the pass, and checks that both give the same plans.
 */
public final class ConsolidationSolvesBenchmark {
  /**
   * @param nodes nodes in the cluster
   * @param pods pods in the cluster
   * @param solves solves in one pass
   * @param freshMillis median wall-clock time of the pass with one-shot solves
   * @param sessionMillis median wall-clock time of the pass with one session
   * @param freshCpuMillis median CPU time of the pass with one-shot solves
   * @param sessionCpuMillis median CPU time of the pass with one session
   * @param samePlans true when both ways gave equal plans for every simulation
   */
  public record Result(
      int nodes,
      int pods,
      int solves,
      double freshMillis,
      double sessionMillis,
      double freshCpuMillis,
      double sessionCpuMillis,
      boolean samePlans) {
    public double freshSolvesPerSecond() {
      return solves * 1000.0 / freshMillis;
    }

    public double sessionSolvesPerSecond() {
      return solves * 1000.0 / sessionMillis;
    }
  }

  static final String[] NODE_TYPES = {"m5.xlarge", "m5.2xlarge", "c5.2xlarge", "r5.xlarge"};
  private static final SolveOptions OPTIONS = SolveOptions.DEFAULT.withoutLowerBound();

  private final List<InstanceType> types;

  /**
   * @param types the catalog's instance types (must include {@link #NODE_TYPES})
   */
  public ConsolidationSolvesBenchmark(List<InstanceType> types) {
    this.types = List.copyOf(types);
  }

  public Result run(int nodes, int podsPerNode, int rounds) {
    Snapshot base = cluster(nodes, podsPerNode);
    List<Snapshot> pass = new ArrayList<>();
    for (List<String> candidates : pass(base.existingNodes())) {
      pass.add(without(base, candidates));
    }
    double[] fresh = new double[rounds];
    double[] session = new double[rounds];
    double[] freshCpu = new double[rounds];
    double[] sessionCpu = new double[rounds];
    boolean same = true;
    // Round 0 warms up and is not counted.
    for (int r = 0; r < rounds + 1; r++) {
      Stopwatch watch = Stopwatch.start();
      List<Plan> a = run(pass, s -> Scheduler.solve(s, OPTIONS));
      if (r > 0) {
        fresh[r - 1] = watch.wallMillis();
        freshCpu[r - 1] = watch.cpuMillis();
      }
      watch = Stopwatch.start();
      Scheduler.Session pooled = Scheduler.session(OPTIONS);
      List<Plan> b = run(pass, pooled::solve);
      if (r > 0) {
        session[r - 1] = watch.wallMillis();
        sessionCpu[r - 1] = watch.cpuMillis();
      }
      same &= a.equals(b);
    }
    return new Result(
        nodes,
        base.existingNodes().stream().mapToInt(n -> n.pods().size()).sum(),
        pass.size(),
        Stopwatch.median(fresh),
        Stopwatch.median(session),
        Stopwatch.median(freshCpu),
        Stopwatch.median(sessionCpu),
        same);
  }

  private static List<Plan> run(List<Snapshot> pass, Function<Snapshot, Plan> solver) {
    List<Plan> plans = new ArrayList<>(pass.size());
    for (Snapshot s : pass) {
      plans.add(solver.apply(s));
    }
    return plans;
  }

  /** The prefix search's sets, then each of the first 30 candidates alone. */
  private static List<List<String>> pass(List<ExistingNode> nodes) {
    List<String> names = nodes.stream().map(ExistingNode::name).toList();
    List<List<String>> out = new ArrayList<>();
    for (int k : new int[] {100, 50, 25, 12, 6, 3, 2, 1}) {
      out.add(names.subList(0, Math.min(k, names.size())));
    }
    for (int i = 0; i < Math.min(30, names.size()); i++) {
      out.add(List.of(names.get(i)));
    }
    return out;
  }

  /**
   * The base without the candidates; their pods become pending (snapshots are built before the
   * timing: only the solves are timed).
   */
  private Snapshot without(Snapshot base, List<String> candidates) {
    List<ExistingNode> kept = new ArrayList<>();
    List<Pod> moving = new ArrayList<>(base.pods());
    for (ExistingNode n : base.existingNodes()) {
      if (candidates.contains(n.name())) {
        moving.addAll(podsOf.get(n.name()));
      } else {
        kept.add(n);
      }
    }
    return new Snapshot(base.nodePools(), kept, moving);
  }

  private final Map<String, List<Pod>> podsOf = new TreeMap<>();

  private Snapshot cluster(int nodes, int podsPerNode) {
    Map<String, InstanceType> byName = new TreeMap<>();
    types.forEach(t -> byName.put(t.name(), t));
    Random random = new Random(42);
    List<ExistingNode> existing = new ArrayList<>();
    LabelSelector web = LabelSelector.of("app", "web");
    for (int i = 0; i < nodes; i++) {
      InstanceType type = byName.get(NODE_TYPES[i % NODE_TYPES.length]);
      if (type == null) {
        throw new IllegalArgumentException("the catalog has no " + NODE_TYPES[i % 4]);
      }
      Offering offering =
          type.offerings().stream()
              .filter(o -> o.capacityType() == CapacityType.ON_DEMAND)
              .toList()
              .get(i % 3 % Math.max(1, type.offerings().size() / 2));
      String name = String.format("node-%04d", i);
      long cpuEach = type.allocatable().cpuMillis() / (podsPerNode + 2);
      long memEach = (type.allocatable().memoryBytes() >> 20) / (podsPerNode + 2);
      List<Pod> pods = new ArrayList<>();
      List<BoundPod> bound = new ArrayList<>();
      Resources used = Resources.NONE;
      for (int p = 0; p < podsPerNode; p++) {
        boolean spread = p % 5 == 0;
        Pod.Builder b =
            Pod.builder("default", name + "-" + p)
                .label("app", spread ? "web" : "batch")
                .requests(
                    cpuEach / 2 + random.nextInt((int) Math.max(1, cpuEach / 2)),
                    memEach / 2 + random.nextInt((int) Math.max(1, memEach / 2)))
                .creationOrder((long) i * podsPerNode + p);
        if (spread) {
          b.topologySpread(TopologySpreadConstraint.of(1, WellKnownLabels.ZONE, web));
        }
        Pod pod = b.build();
        pods.add(pod);
        bound.add(new BoundPod("default", pod.name(), pod.labels(), List.of()));
        used = used.plus(pod.requests());
      }
      podsOf.put(name, pods);
      Map<String, String> labels = new TreeMap<>(type.requirements().labels());
      labels.put(WellKnownLabels.INSTANCE_TYPE, type.name());
      labels.put(WellKnownLabels.ZONE, offering.zone());
      labels.put(WellKnownLabels.CAPACITY_TYPE, CapacityType.ON_DEMAND.label());
      labels.put(WellKnownLabels.PROVISIONER_NAME, "on-demand");
      labels.put(WellKnownLabels.HOSTNAME, name);
      existing.add(
          new ExistingNode(
              name,
              "on-demand",
              new TreeMap<>(labels),
              List.of(),
              type.allocatable().minus(used),
              true,
              false,
              List.of(),
              bound));
    }
    NodePool onDemand =
        NodePool.of(
                "on-demand",
                Requirements.of(
                    Requirement.in(WellKnownLabels.CAPACITY_TYPE, CapacityType.ON_DEMAND.label())),
                types)
            .withWeight(10)
            .withRemainingLimits(Map.of(Resources.CPU, 400_000L));
    NodePool spot =
        NodePool.of(
            "spot",
            Requirements.of(
                Requirement.in(WellKnownLabels.CAPACITY_TYPE, CapacityType.SPOT.label())),
            types);
    return new Snapshot(List.of(onDemand, spot), existing, List.of());
  }
}
