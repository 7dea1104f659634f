package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.controllers.MachineConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deletes, in one batch, the nodes that have been empty for their Provisioner's {@code
 * ttlSecondsAfterEmpty}, counted from the {@code MachineEmpty} condition's transition time. {@link
 * #mark} keeps that condition current.
 */
final class Emptiness implements Method {
  static final String MACHINE_EMPTY = "MachineEmpty";

  @Override
  public String reasonName() {
    return "emptiness";
  }

  @Override
  public String methodName() {
    return "emptiness";
  }

  @Override
  public String budgetReason() {
    return "Empty";
  }

  @Override
  public boolean validates() {
    return false;
  }

  @Override
  public Optional<Command> compute(Evaluation evaluation) {
    List<CandidateNode> due =
        evaluation.candidates().stream()
            .filter(CandidateNode::isEmpty)
            .filter(c -> emptySince(c).isPresent())
            .filter(c -> !emptySince(c).get().plus(ttl(c)).isAfter(evaluation.now()))
            .toList();
    List<CandidateNode> allowed = evaluation.budgets().cut(due, budgetReason());
    return allowed.isEmpty() ? Optional.empty() : Optional.of(Command.delete(this, allowed));
  }

  /** When the empty candidate's {@code ttlSecondsAfterEmpty} runs out, if it is marked empty. */
  static Optional<Instant> dueAt(CandidateNode c) {
    return c.isEmpty() ? emptySince(c).map(t -> t.plus(ttl(c))) : Optional.empty();
  }

  private static Duration ttl(CandidateNode c) {
    return c.ttlAfterEmpty();
  }

  private static Optional<Instant> emptySince(CandidateNode c) {
    if (c.ttlAfterEmpty() == null) {
      return Optional.empty();
    }
    MachineStatus status = c.machine().getStatus();
    return MachineConditions.isTrue(status, MACHINE_EMPTY)
        ? MachineConditions.lastTransition(status, MACHINE_EMPTY)
        : Optional.empty();
  }

  /**
   * Sets {@code MachineEmpty} on the candidates of Provisioners with {@code ttlSecondsAfterEmpty}
   * that have no pods but daemonset and terminal ones, and removes it from those that have.
   */
  static void mark(KubernetesClient client, List<CandidateNode> candidates, Instant now) {
    for (CandidateNode c : candidates) {
      if (c.ttlAfterEmpty() == null) {
        continue;
      }
      DisruptionConditions.write(
          client, c, MACHINE_EMPTY, c.isEmpty() ? Optional.of("") : Optional.empty(), now);
    }
  }
}
