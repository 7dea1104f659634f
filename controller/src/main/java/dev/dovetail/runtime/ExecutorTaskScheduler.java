package dev.dovetail.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TaskScheduler} on one daemon thread. Tasks must be short: they hand work to queues and
 * loops, which run it on their own threads.
 */
public final class ExecutorTaskScheduler implements TaskScheduler, AutoCloseable {
  private final ScheduledExecutorService executor;

  public ExecutorTaskScheduler(String threadName) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name(threadName).daemon(true).factory());
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (executor.isShutdown()) {
      return () -> {};
    }
    ScheduledFuture<?> future =
        executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
