package dev.dovetail.runtime;

import java.time.Duration;

/** A running control loop: started when this replica leads, stopped gracefully on shutdown. */
public interface Controller {
  /** A dotted name such as {@code machine.lifecycle}, used in logs, metrics and thread names. */
  String name();

  /** Starts processing on the controller's own threads; returns at once. */
  void start();

  /**
   * Stops taking new work and waits up to {@code grace} for reconciles in flight to finish.
   *
   * @return true when everything in flight finished in time
   */
  boolean stop(Duration grace);
}
