package dev.dovetail.scheduling;

import dev.dovetail.scheduling.solver.Solver;

/**
 * The engine's entry point: {@link #solve} turns a {@link Snapshot} into a {@link Plan}.
 *
 * <p>Pure and deterministic: the same snapshot gives the same plan. By default it packs twice,
 * upstream's first-fit-decreasing and Dovetail's cost-aware packing, and keeps the plan that places
 * more pods, then costs less, then has fewer nodes, so it never costs more than
 * first-fit-decreasing. The work is done in {@link dev.dovetail.scheduling.solver}.
 */
public final class Scheduler {
  private Scheduler() {}

  public static Plan solve(Snapshot snapshot) {
    return solve(snapshot, SolveOptions.DEFAULT);
  }

  public static Plan solve(Snapshot snapshot, SolveOptions options) {
    return Solver.solve(snapshot, options);
  }
}
