package dev.dovetail.aws.instance;

import java.time.Duration;

/** Waits between retries; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** Really waits. */
  Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
