package dev.dovetail.sim.simulate;

import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.scheduling.SolveOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Replays one scenario under every baseline: Dovetail, upstream-like first-fit-decreasing packing
 * (both on the real controllers), and the Cluster Autoscaler-like model; the lower bound comes from
 * the engine during the Dovetail run.
 */
public final class Simulation {
  private final Scenario scenario;
  private final Catalog catalog;
  private final String region;
  private final Clock wall;

  /** {@code wall} is real time, for the run's wall-clock figures and the informers' catch-up. */
  public Simulation(Scenario scenario, Catalog catalog, String region, Clock wall) {
    this.scenario = scenario;
    this.catalog = catalog;
    this.region = region;
    this.wall = wall;
  }

  /** Runs until done or until {@code stop}; a stopped run reports the time simulated so far. */
  public SimulationReport run(BooleanSupplier stop, Progress progress) throws Exception {
    Instant wallStart = wall.instant();
    Duration sampleEvery = sampleEvery(scenario.duration());
    List<BaselineResult> results = new ArrayList<>();
    List<ClusterRun.Settings> runs =
        List.of(
            new ClusterRun.Settings(
                "dovetail",
                "Dovetail: cost-aware packing, the daemon's controllers",
                SolveOptions.Packing.CHEAPEST,
                true,
                sampleEvery),
            new ClusterRun.Settings(
                "first-fit-decreasing",
                "Upstream-like greedy first-fit-decreasing packing, same controllers",
                SolveOptions.Packing.FIRST_FIT_DECREASING,
                false,
                sampleEvery));
    Duration simulated = scenario.duration();
    // The runs share nothing (each has its own API server, clock and backend), so they run side by
    // side; progress follows the first.
    progress.baseline(runs.get(0).name());
    List<Future<BaselineResult>> futures = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            runs.size(), Thread.ofPlatform().name("simulate-", 0).daemon(true).factory());
    try {
      for (int i = 0; i < runs.size(); i++) {
        ClusterRun.Settings settings = runs.get(i);
        Progress shown = i == 0 ? progress : Progress.silent();
        futures.add(
            pool.submit(
                () -> {
                  try (ClusterRun run = new ClusterRun(scenario, catalog, region, settings, wall)) {
                    return run.run(stop, shown);
                  }
                }));
      }
      for (Future<BaselineResult> future : futures) {
        BaselineResult result = result(future);
        results.add(result);
        Duration reached = Duration.ofSeconds(lastSecond(result));
        if (reached.compareTo(simulated) < 0) {
          simulated = reached;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (!results.isEmpty()) {
      progress.baseline("cluster-autoscaler");
      results.add(
          new ClusterAutoscalerModel(scenario, catalog, region, sampleEvery)
              .run(results.get(0), simulated));
    }
    progress.done();
    return new SimulationReport(
        scenario.name(),
        scenario.seed(),
        region,
        scenario.duration(),
        simulated,
        Duration.between(wallStart, wall.instant()),
        results);
  }

  private static BaselineResult result(Future<BaselineResult> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static long lastSecond(BaselineResult result) {
    return result.samples().isEmpty() ? 0 : result.samples().getLast().second();
  }

  /** About 720 samples per run, never more often than every 15 s. */
  static Duration sampleEvery(Duration duration) {
    long seconds = Math.max(15, duration.toSeconds() / 720);
    return Duration.ofSeconds(seconds);
  }
}
