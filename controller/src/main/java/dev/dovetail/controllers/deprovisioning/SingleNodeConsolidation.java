package dev.dovetail.controllers.deprovisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Candidates one at a time in disruption-cost order; the first that can be deleted, or replaced by
 * one cheaper node, wins. Gives up after {@link #TIMEOUT}.
 */
final class SingleNodeConsolidation implements Method {
  static final Duration TIMEOUT = Duration.ofMinutes(3);
  static final String REASON = "Underutilized";

  private final DeprovisioningMetrics metrics;

  SingleNodeConsolidation(DeprovisioningMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public String reasonName() {
    return "consolidation";
  }

  @Override
  public String methodName() {
    return "single-machine consolidation";
  }

  @Override
  public String budgetReason() {
    return REASON;
  }

  @Override
  public boolean validates() {
    return true;
  }

  @Override
  public Optional<Command> compute(Evaluation evaluation) {
    Instant deadline = evaluation.clock().instant().plus(TIMEOUT);
    for (CandidateNode c : evaluation.consolidatable()) {
      if (evaluation.clock().instant().isAfter(deadline)) {
        metrics.timedOut("single-machine");
        return Optional.empty();
      }
      if (evaluation.budgets().remaining(c.provisionerName(), REASON) < 1) {
        continue;
      }
      if (!evaluation.moveBound().mayMove(List.of(c), 1)) {
        evaluation.unconsolidatable(
            c, MoveBound.NO_ROOM + ", keeping " + Money.perHour(c.pricePerHour()));
        continue;
      }
      Optional<Command> command =
          Consolidation.compute(evaluation, this, List.of(c), 1, false, true);
      if (command.isPresent()) {
        return command;
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Command> recompute(Evaluation evaluation, List<CandidateNode> nodes) {
    return Consolidation.compute(evaluation, this, nodes, 1, false, false);
  }
}
