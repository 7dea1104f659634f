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

  /**
   * A session for many solves over the same node pools (consolidation's simulations, a what-if
   * series): see {@link Session}.
   */
  public static Session session(SolveOptions options) {
    return new Session(options);
  }

  /**
   * Solves snapshot after snapshot with the same options, compiling each node pool once: the
   * instance types a pool keeps, their order, vectors, offering masks and prices, and which types
   * suit each pod requirement set are kept for the pool object (recompiled when a snapshot brings
   * another extended resource or another zone), and the offering slots for the same list of pool
   * objects. Each {@link #solve} gives exactly the plan {@link Scheduler#solve(Snapshot,
   * SolveOptions)} gives; what a solve changes (limit accounting, topology counts) is not kept.
   *
   * <p>Pass the same {@link dev.dovetail.scheduling.NodePool} objects to profit. Not thread-safe:
   * one caller at a time. Keeps at most 64 compiled pools.
   */
  public static final class Session {
    private final SolveOptions options;
    private final SolveCache cache = new SolveCache();

    private Session(SolveOptions options) {
      this.options = options;
    }

    public Plan solve(Snapshot snapshot) {
      return Solver.solve(snapshot, options, cache);
    }
  }
}
