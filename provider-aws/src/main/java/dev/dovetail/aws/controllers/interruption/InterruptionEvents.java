package dev.dovetail.aws.controllers.interruption;

import dev.dovetail.events.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The Kubernetes events of interruption handling, with upstream reasons. */
final class InterruptionEvents {
  static final String SPOT_INTERRUPTED = "SpotInterrupted";
  static final String REBALANCE = "SpotRebalanceRecommendation";
  static final String UNHEALTHY = "InstanceUnhealthy";
  static final String STOPPING = "InstanceStopping";
  static final String TERMINATING = "InstanceTerminating";
  static final String TERMINATING_ON_INTERRUPTION = "TerminatingOnInterruption";

  private InterruptionEvents() {}

  static Event spotInterrupted(HasMetadata object) {
    return warning(object, SPOT_INTERRUPTED, "A spot interruption warning was triggered");
  }

  static Event rebalanceRecommendation(HasMetadata object) {
    return Event.normal(
            object, REBALANCE, kind(object) + " received a spot rebalance recommendation")
        .dedupedOn(uid(object), REBALANCE);
  }

  static Event unhealthy(HasMetadata object) {
    return warning(object, UNHEALTHY, "An unhealthy warning was triggered (scheduled change)");
  }

  static Event stopping(HasMetadata object) {
    return warning(object, STOPPING, "Instance is stopping");
  }

  static Event terminating(HasMetadata object) {
    return warning(object, TERMINATING, "Instance is terminating");
  }

  static Event terminatingOnInterruption(HasMetadata object) {
    return warning(
        object,
        TERMINATING_ON_INTERRUPTION,
        "Interruption triggered termination of the " + kind(object));
  }

  private static Event warning(HasMetadata object, String reason, String message) {
    return Event.warning(object, reason, kind(object) + " event: " + message)
        .dedupedOn(uid(object), reason);
  }

  private static String kind(HasMetadata object) {
    return object.getKind() == null ? "Object" : object.getKind();
  }

  private static String uid(HasMetadata object) {
    String uid = object.getMetadata().getUid();
    return uid == null ? object.getMetadata().getName() : uid;
  }
}
