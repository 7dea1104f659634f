package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the packings over one compiled {@link Problem} and builds the {@link Plan}; called through
 * {@link dev.dovetail.scheduling.solver.Scheduler#solve}.
 */
public final class Solver {
  private Solver() {}

  public static Plan solve(Snapshot snapshot, SolveOptions options) {
    return solve(snapshot, options, new SolveCache());
  }

  static Plan solve(Snapshot snapshot, SolveOptions options, SolveCache cache) {
    Problem problem = new Problem(snapshot, cache);
    PodValues values = cache.podValues();
    Packer firstFit = null;
    Packer costAware = null;
    if (options.packing() != SolveOptions.Packing.COST_AWARE) {
      firstFit = new Packer(problem, Packer.Mode.FIRST_FIT, options.respectPreferences(), values);
      firstFit.run();
    }
    Packer chosen = firstFit;
    if (options.packing() != SolveOptions.Packing.FIRST_FIT_DECREASING) {
      costAware = new Packer(problem, Packer.Mode.COST_AWARE, options.respectPreferences(), values);
      costAware.run();
      if (firstFit == null || better(costAware, firstFit)) {
        chosen = costAware;
      } else if (!firstFit.unplaced.isEmpty()) {
        // Explanations read the pools' limit accounting, which the last run changed.
        firstFit.run();
      }
    }
    double firstFitCost = firstFit == null ? Double.NaN : firstFit.cost();
    int firstFitNodes = firstFit == null ? -1 : firstFit.drafts.size();
    ColumnRepack repack = new ColumnRepack(problem, chosen);
    boolean repacked = options.packing() == SolveOptions.Packing.CHEAPEST && repack.improve();
    return PlanBuilder.build(
        problem,
        chosen,
        repacked,
        options.lowerBound(),
        repack.lowerBound,
        firstFitCost,
        firstFitNodes);
  }

  private static boolean better(Packer a, Packer b) {
    if (a.unplaced.size() != b.unplaced.size()) {
      return a.unplaced.size() < b.unplaced.size();
    }
    if (Math.abs(a.cost() - b.cost()) <= 1e-9) {
      return a.drafts.size() <= b.drafts.size();
    }
    return a.cost() < b.cost();
  }

  static List<PodFacts> scheduled(Packer packer) {
    List<PodFacts> out = new ArrayList<>();
    for (PodState s : packer.states) {
      if (s.placed) {
        out.add(s.facts);
      }
    }
    return out;
  }
}
