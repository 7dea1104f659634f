package dev.dovetail.controllers.deprovisioning;

import java.util.List;
import java.util.Optional;

/**
 * Upstream's {@code computeConsolidation}: simulate removing the candidates; no new node means
 * delete; otherwise the new nodes must pass the {@link PriceRules}.
 */
final class Consolidation {
  private Consolidation() {}

  /**
   * @param maxNewNodes how many replacements are acceptable (upstream: 1)
   * @param sameTypeFilter apply upstream's multi-node same-type rule
   * @param report publish {@code Unconsolidatable} for the first candidate when there is no command
   */
  static Optional<Command> compute(
      Evaluation evaluation,
      Method method,
      List<CandidateNode> candidates,
      int maxNewNodes,
      boolean sameTypeFilter,
      boolean report) {
    return compute(
        evaluation,
        method,
        candidates,
        evaluation.simulate(candidates),
        maxNewNodes,
        sameTypeFilter,
        report);
  }

  /** The same, from a simulation of {@code candidates} already run. */
  static Optional<Command> compute(
      Evaluation evaluation,
      Method method,
      List<CandidateNode> candidates,
      Simulation.Result result,
      int maxNewNodes,
      boolean sameTypeFilter,
      boolean report) {
    String keeping = ", keeping " + Money.perHour(Command.priceOf(candidates));
    if (!result.ok()) {
      if (report) {
        evaluation.unconsolidatable(candidates.get(0), result.failure().get() + keeping);
      }
      return Optional.empty();
    }
    if (result.newNodes().isEmpty()) {
      return Optional.of(Command.delete(method, candidates));
    }
    if (result.newNodes().size() > maxNewNodes) {
      if (report) {
        evaluation.unconsolidatable(
            candidates.get(0),
            "Can't remove without creating " + result.newNodes().size() + " nodes" + keeping);
      }
      return Optional.empty();
    }
    PriceRules.Outcome outcome =
        evaluation.priceRules().replacements(candidates, result.newNodes(), sameTypeFilter);
    if (outcome instanceof PriceRules.Refused refused) {
      if (report) {
        evaluation.unconsolidatable(candidates.get(0), refused.reason());
      }
      return Optional.empty();
    }
    return Optional.of(
        Command.replace(method, candidates, ((PriceRules.Allowed) outcome).replacements()));
  }
}
