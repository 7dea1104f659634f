package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;

/**
 * The engine's entry point: {@link #solve} turns a {@link Snapshot} into a {@link Plan}.
 *
 * <p>Pure and deterministic: the same snapshot gives the same plan. By default it packs twice,
 * upstream's first-fit-decreasing and Dovetail's cost-aware packing, and keeps the plan that places
 * more pods, then costs less, then has fewer nodes, so it never costs more than
 * first-fit-decreasing. It lives next to the solver so that the engine's value types in {@link
 * dev.dovetail.scheduling} depend on nothing here.
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
