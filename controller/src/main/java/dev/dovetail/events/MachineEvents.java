package dev.dovetail.events;

import dev.dovetail.api.v1alpha5.Machine;

/** The events Dovetail publishes on Machines. */
public final class MachineEvents {
  private MachineEvents() {}

  /** The cloud had no capacity for any of the Machine's offerings. */
  public static Event insufficientCapacity(Machine machine, String detail) {
    return Event.warning(
            machine, "InsufficientCapacityError", "Failed to launch machine, " + detail)
        .dedupedOn(machine.getMetadata().getUid());
  }
}
