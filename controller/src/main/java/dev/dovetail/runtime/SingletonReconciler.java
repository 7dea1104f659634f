package dev.dovetail.runtime;

/** A reconcile that is not about one object: the provisioning batch, a refresh, a poller. */
@FunctionalInterface
public interface SingletonReconciler {
  /**
   * Runs one pass. {@link Result.Done} runs the next pass at once, {@link Result.RequeueAfter}
   * after the delay, {@link Result.Failed} after exponential backoff.
   */
  Result reconcile();
}
