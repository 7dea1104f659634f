package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.events.Event;

/** The Kubernetes Events the lifecycle controller publishes, with upstream reasons and texts. */
final class LifecycleEvents {
  private LifecycleEvents() {}

  static Event insufficientCapacity(Machine machine, String error) {
    return Event.warning(
            machine,
            "InsufficientCapacityError",
            "Machine " + machine.getMetadata().getName() + " event: " + Launch.truncate(error))
        .dedupedOn(machine.getMetadata().getName());
  }

  static Event nodeClassNotReady(Machine machine, String error) {
    return Event.warning(
            machine,
            "NodeClassNotReady",
            "Machine " + machine.getMetadata().getName() + " event: " + Launch.truncate(error))
        .dedupedOn(machine.getMetadata().getName());
  }
}
