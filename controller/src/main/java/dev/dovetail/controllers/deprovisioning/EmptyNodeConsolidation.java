package dev.dovetail.controllers.deprovisioning;

import java.util.List;
import java.util.Optional;

/**
 * Deletes every empty consolidatable node at once, within the budgets; no simulation. The 15 s
 * validation checks that they are still empty and not nominated.
 */
final class EmptyNodeConsolidation implements Method {
  static final String REASON = "Empty";

  @Override
  public String reasonName() {
    return "consolidation";
  }

  @Override
  public String methodName() {
    return "empty machine consolidation";
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
    List<CandidateNode> empty =
        evaluation.consolidatable().stream().filter(CandidateNode::isEmpty).toList();
    List<CandidateNode> allowed = evaluation.budgets().cut(empty, REASON);
    return allowed.isEmpty() ? Optional.empty() : Optional.of(Command.delete(this, allowed));
  }

  @Override
  public Optional<Command> recompute(Evaluation evaluation, List<CandidateNode> nodes) {
    return nodes.stream().allMatch(CandidateNode::isEmpty)
        ? Optional.of(Command.delete(this, nodes))
        : Optional.empty();
  }
}
