package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.events.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;

/** The deprovisioning events with upstream reasons and message texts, plus the $/h. */
final class DeprovisioningEvents {
  static final String BLOCKED = "DeprovisioningBlocked";
  static final String LAUNCHING = "DeprovisioningLaunching";
  static final String WAITING_READINESS = "DeprovisioningWaitingReadiness";
  static final String WAITING_DELETION = "DeprovisioningWaitingDeletion";
  static final String TERMINATING = "DeprovisioningTerminating";
  static final String UNCONSOLIDATABLE = "Unconsolidatable";

  private DeprovisioningEvents() {}

  static Event blocked(HasMetadata object, String reason) {
    return Event.normal(object, BLOCKED, "Cannot deprovision Node: " + reason)
        .dedupedOn(object.getMetadata().getName(), reason);
  }

  static Event launching(Machine replacement, String reason) {
    return Event.normal(replacement, LAUNCHING, "Launching Machine: " + title(reason))
        .dedupedOn(replacement.getMetadata().getName(), reason);
  }

  static Event waitingOnReadiness(Machine replacement) {
    return Event.normal(
            replacement, WAITING_READINESS, "Waiting on readiness to continue deprovisioning")
        .dedupedOn(replacement.getMetadata().getName());
  }

  static Event waitingOnDeletion(HasMetadata candidate) {
    return Event.normal(
            candidate, WAITING_DELETION, "Waiting on deletion to continue deprovisioning")
        .dedupedOn(candidate.getMetadata().getName());
  }

  /** On a candidate being removed, with what the command is worth. */
  static Event terminating(HasMetadata candidate, String reason, String worth) {
    return Event.normal(
            candidate, TERMINATING, "Deprovisioning Node: " + title(reason) + ", " + worth)
        .dedupedOn(candidate.getMetadata().getName(), reason);
  }

  /** Why consolidation leaves the node alone, and what that costs per hour. */
  static Event unconsolidatable(HasMetadata object, String reason) {
    // As upstream: one per node per 15 minutes, whatever the reason, which changes as pods move.
    return Event.normal(object, UNCONSOLIDATABLE, reason)
        .dedupedOn(object.getMetadata().getName())
        .withDedupeTimeout(Duration.ofMinutes(15));
  }

  /** {@code consolidation/delete} → {@code Consolidation/delete}, as upstream titles reasons. */
  static String title(String reason) {
    return reason.isEmpty()
        ? reason
        : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
  }
}
