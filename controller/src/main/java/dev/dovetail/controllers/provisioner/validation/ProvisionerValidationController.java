package dev.dovetail.controllers.provisioner.validation;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.controllers.provisioner.ProvisionerConditions;
import dev.dovetail.events.Event;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reports on each Provisioner whether it is valid: a {@code ValidationSucceeded} condition on its
 * status and, when it is not, a {@code FailedValidation} warning event listing every problem as
 * {@code dovetail validate} prints it. Invalid objects reach the cluster when the CRD schema cannot
 * express a rule; this is where their owners find out.
 */
public final class ProvisionerValidationController implements Reconciler<String> {
  public static final String NAME = "provisioner.validation";
  public static final String CONDITION = "ValidationSucceeded";

  private final KubernetesClient client;
  private final Function<Provisioner, List<Problem>> validator;
  private final EventRecorder events;
  private final Clock clock;

  public ProvisionerValidationController(
      KubernetesClient client,
      Function<Provisioner, List<Problem>> validator,
      EventRecorder events,
      Clock clock) {
    this.client = client;
    this.validator = validator;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String name) {
    Provisioner provisioner = client.resources(Provisioner.class).withName(name).get();
    if (provisioner == null) {
      return Result.done();
    }
    List<Problem> problems = validator.apply(provisioner);
    String message = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    if (!problems.isEmpty()) {
      events.publish(Event.warning(provisioner, "FailedValidation", message));
    }
    Condition wanted =
        problems.isEmpty()
            ? new Condition(CONDITION, "True", null, null, null, null)
            : new Condition(CONDITION, "False", "Error", null, "InvalidSpec", message);
    if (ProvisionerConditions.set(client, provisioner, wanted, clock)
        == ProvisionerConditions.Outcome.CONFLICT) {
      return Result.requeueAfter(Conflicts.RETRY);
    }
    return Result.done();
  }
}
