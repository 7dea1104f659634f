package dev.dovetail.runtime;

import java.time.Duration;

/**
 * Runs tasks after a delay. Production uses {@link ExecutorTaskScheduler}; tests use a manual
 * scheduler that runs due tasks when a fake clock is stepped, so no test ever sleeps.
 */
public interface TaskScheduler {

  /** A scheduled task that can be cancelled before it runs. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** Runs {@code task} once, {@code delay} from now; a zero delay runs it as soon as possible. */
  Cancellable schedule(Duration delay, Runnable task);
}
