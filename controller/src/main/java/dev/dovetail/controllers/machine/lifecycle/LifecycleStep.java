package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.runtime.Result;

/** One sub-reconciler of the Machine lifecycle: launch, registration, initialization, liveness. */
interface LifecycleStep {
  /**
   * Moves the Machine on by changing {@code m} (never the API objects directly, except for deletes
   * and the Node at registration and initialization).
   */
  Result reconcile(MachineReconcile m);
}
