package dev.dovetail.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dovetail.bench.BenchmarkCase;
import dev.dovetail.bench.BenchmarkResult;
import dev.dovetail.bench.ConsolidationBenchmark;
import dev.dovetail.bench.ConsolidationSolvesBenchmark;
import dev.dovetail.bench.SchedulingBenchmark;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dovetail bench}: times the engine on the reference workloads (docs/user/bench.md). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time the scheduling engine on Karpenter's scheduling benchmark workload (400 synthetic types,"
          + " five pod classes, a 4000-pod preference set) and Cluster Autoscaler's binpacking"
          + " estimate (51,000 pods, exactly 2595 nodes).",
      "Measures one in-memory solve (snapshot in, plan out) per round, as upstream does; snapshot"
          + " building is not timed. Reports the median of the measured rounds."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      description = "Pod counts of the diverse workload (default: ${DEFAULT-VALUE}).",
      defaultValue = "1,50,100,500,1000,2000,5000,10000,20000")
  int[] sizes;

  @Option(names = "--no-preferences", description = "Skip the 4000-pod preference set.")
  boolean noPreferences;

  @Option(names = "--no-anchor", description = "Skip the Cluster Autoscaler 51,000-pod anchor.")
  boolean noAnchor;

  @Option(
      names = "--no-consolidation",
      description =
          "Skip the consolidation case (one deprovisioning pass, 1,000 nodes / 10,000 pods).")
  boolean noConsolidation;

  @Option(names = "--warmup", defaultValue = "2", description = "Warm-up rounds per case.")
  int warmup;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds per case.")
  int rounds;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table or json.")
  String output;

  @Option(
      names = "--catalog",
      paramLabel = "instance-types.csv",
      description =
          "Run the workloads on a real catalog instead of the 400 synthetic types, plus"
              + " mixed-shape cases (200, 500 and 1000 pods of a few deployments on c/m/r"
              + " on-demand types) that must come within 1% of their lower bound.")
  java.nio.file.Path catalogFile;

  @Option(names = "--prices", paramLabel = "prices.csv", description = "Prices CSV. Repeatable.")
  List<java.nio.file.Path> priceFiles = new ArrayList<>();

  @Option(names = "--offerings", paramLabel = "offerings.csv", description = CatalogFiles.OFFERINGS)
  java.nio.file.Path offeringsFile;

  @Option(names = "--region", description = "Catalog region (default: us-east-1 when known).")
  String region;

  Clock clock = Clock.systemUTC();

  /** Twenty times the Cluster Autoscaler anchor; more does not fit in a default heap. */
  static final int MAX_PODS = 1_000_000;

  static final int MAX_ROUNDS = 1_000;

  @Override
  public Integer call() throws Exception {
    if (!output.equals("table") && !output.equals("json")) {
      spec.commandLine().getErr().println("error: --output must be table or json, got " + output);
      return 2;
    }
    for (int n : sizes) {
      if (n < 1 || n > MAX_PODS) {
        spec.commandLine()
            .getErr()
            .println("error: --sizes must be pod counts from 1 to " + MAX_PODS + ", got " + n);
        return 2;
      }
    }
    if (rounds < 1 || rounds > MAX_ROUNDS || warmup < 0 || warmup > MAX_ROUNDS) {
      spec.commandLine()
          .getErr()
          .println(
              "error: --rounds must be from 1 and --warmup from 0, both at most "
                  + MAX_ROUNDS
                  + ", got --rounds "
                  + rounds
                  + " --warmup "
                  + warmup);
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> environment = environment();
    SchedulingBenchmark bench = new SchedulingBenchmark(warmup, rounds);
    List<BenchmarkCase> cases;
    if (catalogFile == null) {
      cases = SchedulingBenchmark.cases(sizes, !noPreferences, !noAnchor);
    } else {
      List<dev.dovetail.scheduling.InstanceType> types;
      try {
        dev.dovetail.aws.catalog.Catalog catalog =
            CatalogFiles.load(catalogFile, priceFiles, offeringsFile);
        String r = region == null ? catalog.defaultRegion() : region;
        types = catalog.instanceTypes(r);
        environment.put("catalog", catalog.source() + " (" + r + ", " + types.size() + " types)");
      } catch (dev.dovetail.aws.catalog.CatalogException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 2;
      }
      cases = SchedulingBenchmark.cases(sizes, !noPreferences, !noAnchor, () -> types);
      cases.addAll(SchedulingBenchmark.mixedCases(() -> types));
    }
    List<BenchmarkResult> results = new ArrayList<>();
    if (output.equals("table")) {
      environment.forEach((k, v) -> out.println(k + ": " + v));
      out.println();
      out.println(header());
      out.flush();
    }
    for (BenchmarkCase c : cases) {
      BenchmarkResult r = bench.run(c);
      results.add(r);
      if (output.equals("table")) {
        out.println(row(r));
        out.flush();
      }
    }
    if (output.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>(environment);
      doc.put("results", results);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } else {
      out.println();
      out.println(
          "ms and pods/s: median wall-clock time of one full solve (first-fit-decreasing and"
              + " cost-aware packing, column generation for plain pods, plan and explanations,"
              + " lower bound); cpu-ms: the solving"
              + " thread's CPU time. ratio = $/h over the lower bound. ffd: plain"
              + " first-fit-decreasing's $/h and nodes.");
    }
    out.flush();
    boolean samePlans = true;
    if (!noConsolidation) {
      consolidationCase(out);
      samePlans = consolidationSolvesCase(out);
    }
    boolean ok = samePlans && results.stream().allMatch(r -> r.check().equals("ok"));
    return ok ? 0 : 1;
  }

  /** One full deprovisioning evaluation pass over 1,000 nodes and 10,000 pods. */
  private void consolidationCase(PrintWriter out) {
    ConsolidationBenchmark.Result c =
        new ConsolidationBenchmark(builtInTypes(), "m5.2xlarge").run(1000, 10, Math.max(1, rounds));
    if (output.equals("json")) {
      out.println(
          String.format(
              Locale.ROOT,
              "{\"consolidation\": {\"nodes\": %d, \"pods\": %d, \"ms\": %.1f, \"cpuMs\":"
                  + " %.1f}}",
              c.nodes(),
              c.pods(),
              c.millis(),
              c.cpuMillis()));
    } else {
      out.println();
      out.println(
          String.format(
              Locale.ROOT,
              "consolidation: one deprovisioning pass over %d nodes / %d pods (candidates, filters,"
                  + " expiration, emptiness, empty/multi/single-node consolidation): %.1f ms,"
                  + " %.1f cpu-ms (median of %d)",
              c.nodes(),
              c.pods(),
              c.millis(),
              c.cpuMillis(),
              Math.max(1, rounds)));
      out.println("  decision: " + c.decision());
    }
    out.flush();
  }

  private List<dev.dovetail.scheduling.InstanceType> builtInTypes() {
    var catalog = dev.dovetail.aws.catalog.BuiltInCatalog.get();
    return catalog.instanceTypes(region == null ? catalog.defaultRegion() : region);
  }

  /**
   * The engine solves of one consolidation pass over 200 nodes, one-shot versus one session.
   *
   * @return whether both gave the same plans
   */
  private boolean consolidationSolvesCase(PrintWriter out) {
    ConsolidationSolvesBenchmark.Result c =
        new ConsolidationSolvesBenchmark(builtInTypes()).run(200, 10, Math.max(1, rounds));
    if (output.equals("json")) {
      out.println(
          String.format(
              Locale.ROOT,
              "{\"consolidationSolves\": {\"nodes\": %d, \"pods\": %d, \"solves\": %d,"
                  + " \"oneShotSolvesPerSecond\": %.1f, \"sessionSolvesPerSecond\": %.1f,"
                  + " \"oneShotCpuMs\": %.1f, \"sessionCpuMs\": %.1f, \"samePlans\": %b}}",
              c.nodes(),
              c.pods(),
              c.solves(),
              c.freshSolvesPerSecond(),
              c.sessionSolvesPerSecond(),
              c.freshCpuMillis(),
              c.sessionCpuMillis(),
              c.samePlans()));
    } else {
      out.println(
          String.format(
              Locale.ROOT,
              "consolidation solves: %d simulations of a pass over %d nodes / %d pods:"
                  + " one-shot %.0f ms (%.1f solves/s, %.0f cpu-ms), one session %.0f ms"
                  + " (%.1f solves/s, %.0f cpu-ms), same plans: %s (median of %d)",
              c.solves(),
              c.nodes(),
              c.pods(),
              c.freshMillis(),
              c.freshSolvesPerSecond(),
              c.freshCpuMillis(),
              c.sessionMillis(),
              c.sessionSolvesPerSecond(),
              c.sessionCpuMillis(),
              c.samePlans() ? "yes" : "NO",
              Math.max(1, rounds)));
    }
    out.flush();
    return c.samePlans();
  }

  private Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("what", "dev.dovetail.scheduling.solver.Scheduler.solve on in-memory snapshots");
    env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.put("processors", Runtime.getRuntime().availableProcessors());
    env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("date", ZonedDateTime.now(clock).toString());
    return env;
  }

  private static String header() {
    return String.format(
        Locale.ROOT,
        "%-26s %7s %10s %10s %10s %6s %7s %11s %7s %11s %6s  %s",
        "case",
        "pods",
        "ms",
        "cpu-ms",
        "pods/s",
        "nodes",
        "placed",
        "$/h",
        "ratio",
        "ffd $/h",
        "ffd n",
        "check");
  }

  private static String row(BenchmarkResult r) {
    return String.format(
        Locale.ROOT,
        "%-26s %7d %10.1f %10.1f %10.0f %6d %7d %11.2f %7.3f %11.2f %6d  %s",
        r.name(),
        r.pods(),
        r.msPerSolve(),
        r.cpuMsPerSolve(),
        r.podsPerSecond(),
        r.nodes(),
        r.scheduled(),
        r.costPerHour(),
        r.boundRatio(),
        r.firstFitCostPerHour(),
        r.firstFitNodes(),
        r.check());
  }
}
