package dev.dovetail.controllers.deprovisioning;

import java.util.List;
import java.util.Optional;

/** Replaces drifted nodes, cheapest to disrupt first; runs only with the drift gate on. */
final class Drift implements Method {
  private final DriftDetector detector;

  Drift(DriftDetector detector) {
    this.detector = detector;
  }

  @Override
  public String reasonName() {
    return "drift";
  }

  @Override
  public String methodName() {
    return "drift";
  }

  @Override
  public String budgetReason() {
    return "Drifted";
  }

  @Override
  public boolean validates() {
    return false;
  }

  @Override
  public Optional<Command> compute(Evaluation evaluation) {
    List<CandidateNode> drifted =
        evaluation.candidates().stream()
            .filter(
                c ->
                    detector
                        .drifted(c, evaluation.pools().get(c.provisionerName()), evaluation.now())
                        .isPresent())
            .toList();
    return Replacing.first(evaluation, this, drifted);
  }
}
