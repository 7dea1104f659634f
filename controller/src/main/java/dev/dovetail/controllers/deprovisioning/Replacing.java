package dev.dovetail.controllers.deprovisioning;

import java.util.List;
import java.util.Optional;

/**
 * What expiration and drift share: every empty node at once, or else the first node whose pods all
 * schedule, replaced by as many new nodes as the engine plans (no price rule: the node must go). A
 * node whose pods cannot move is skipped with {@code DeprovisioningBlocked}.
 */
final class Replacing {
  private Replacing() {}

  static Optional<Command> first(Evaluation evaluation, Method method, List<CandidateNode> due) {
    Budgets budgets = evaluation.budgets();
    List<CandidateNode> empty =
        budgets.cut(due.stream().filter(CandidateNode::isEmpty).toList(), method.budgetReason());
    if (!empty.isEmpty()) {
      return Optional.of(Command.delete(method, empty));
    }
    for (CandidateNode c : due) {
      if (budgets.remaining(c.provisionerName(), method.budgetReason()) < 1) {
        evaluation.blocked(
            c,
            "No allowed disruptions for disruption reason "
                + method.budgetReason()
                + " due to blocking budget");
        continue;
      }
      Simulation.Result result = evaluation.simulate(List.of(c));
      if (!result.ok()) {
        evaluation.blocked(
            c, "Scheduling simulation failed to schedule all pods, " + result.failure().get());
        continue;
      }
      return Optional.of(
          result.newNodes().isEmpty()
              ? Command.delete(method, List.of(c))
              : Command.replace(method, List.of(c), result.newNodes()));
    }
    return Optional.empty();
  }
}
