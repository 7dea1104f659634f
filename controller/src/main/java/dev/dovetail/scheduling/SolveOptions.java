package dev.dovetail.scheduling;

/**
 * How the engine solves.
 *
 * @param respectPreferences false ignores every preference from the start (upstream's {@code
 *     PREFERENCE_POLICY=Ignore})
 * @param packing which packing to run
 * @param lowerBound false skips the plan's lower bound ({@link Plan#lowerBound} is then NaN): the
 *     placements are the same, and callers that only read them (consolidation's simulations) save
 *     most of a solve's time on many distinct pod shapes
 */
public record SolveOptions(boolean respectPreferences, Packing packing, boolean lowerBound) {
  /** Respect preferences, keep the cheaper of both packings. */
  public static final SolveOptions DEFAULT = new SolveOptions(true, Packing.CHEAPEST);

  /** With the lower bound. */
  public SolveOptions(boolean respectPreferences, Packing packing) {
    this(respectPreferences, packing, true);
  }

  /** Which packing plans new nodes. */
  public enum Packing {
    /** Upstream's first-fit-decreasing: a new node grows while any type still fits. */
    FIRST_FIT_DECREASING,
    /** Caps each new node at the type that is cheapest per unit of queued work. */
    COST_AWARE,
    /** Runs both and keeps the plan that places more pods, then costs less. */
    CHEAPEST
  }

  public SolveOptions withPacking(Packing newPacking) {
    return new SolveOptions(respectPreferences, newPacking, lowerBound);
  }

  public SolveOptions ignoringPreferences() {
    return new SolveOptions(false, packing, lowerBound);
  }

  /** The same solve without the lower bound. */
  public SolveOptions withoutLowerBound() {
    return new SolveOptions(respectPreferences, packing, false);
  }
}
