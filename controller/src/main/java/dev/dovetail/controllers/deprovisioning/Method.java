package dev.dovetail.controllers.deprovisioning;

import java.util.Optional;

/** One way of finding a node to remove, tried in upstream order, one command per pass. */
public interface Method {
  /** The name in logs and the {@code deprovisioner} metric label, e.g. {@code consolidation}. */
  String reasonName();

  /** A name that tells the methods apart in metrics, e.g. {@code multi-machine consolidation}. */
  String methodName();

  /** The budget reason it spends (v1): {@code Expired}, {@code Drifted}, {@code Empty}, … */
  String budgetReason();

  /** Whether the command is re-checked after {@link Validation#TTL} before it runs. */
  boolean validates();

  /** The command this method would run now, if any. */
  Optional<Command> compute(Evaluation evaluation);

  /**
   * The command for the same candidates, recomputed on a fresh evaluation (the validation
   * re-check); empty when they no longer make one.
   */
  default Optional<Command> recompute(Evaluation evaluation, java.util.List<CandidateNode> nodes) {
    return Optional.empty();
  }
}
