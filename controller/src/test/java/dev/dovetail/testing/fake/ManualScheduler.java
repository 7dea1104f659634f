package dev.dovetail.testing.fake;

import dev.dovetail.runtime.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A {@link TaskScheduler} that runs tasks on the test's thread when the test steps the {@link
 * FakeClock} through {@link #advance}: each due task runs with the clock set to its due time, in
 * due order (ties in scheduling order), including tasks scheduled by tasks that ran.
 */
public final class ManualScheduler implements TaskScheduler {
  private static final int RUN_LIMIT = 1_000_000;

  private record Task(Instant due, long sequence, Runnable runnable, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }

  private final FakeClock clock;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long sequence;

  public ManualScheduler(FakeClock clock) {
    this.clock = clock;
  }

  public FakeClock clock() {
    return clock;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    Duration nonNegative = delay.isNegative() ? Duration.ZERO : delay;
    tasks.add(new Task(clock.instant().plus(nonNegative), sequence++, task, cancelled));
    return () -> {
      synchronized (ManualScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Runs the tasks that are due now, and those they schedule for now; returns how many ran. */
  public int runDue() {
    return advance(Duration.ZERO);
  }

  /**
   * Moves the clock forward by {@code duration}, running every task that falls due on the way;
   * returns how many tasks ran.
   */
  public int advance(Duration duration) {
    Instant target = clock.instant().plus(duration);
    int ran = 0;
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due().isAfter(target)) {
          break;
        }
        tasks.poll();
        if (next.cancelled()[0]) {
          continue;
        }
      }
      if (next.due().isAfter(clock.instant())) {
        clock.set(next.due());
      }
      next.runnable().run();
      if (++ran > RUN_LIMIT) {
        throw new IllegalStateException("scheduled tasks keep rescheduling themselves at once");
      }
    }
    clock.set(target);
    return ran;
  }

  /** Tasks scheduled and not yet run or cancelled. */
  public synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
  }
}
