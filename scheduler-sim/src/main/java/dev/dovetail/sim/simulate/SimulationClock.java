package dev.dovetail.sim.simulate;

import dev.dovetail.runtime.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * Simulated time: a clock that stands still until the simulation jumps it to the next due timer,
 * and the {@link TaskScheduler} whose timers decide where it jumps. Nothing waits in real time, so
 * a day passes as fast as the work scheduled in it runs. Timers may be set from any thread
 * (informer callbacks requeue keys); they only run on the simulation's thread, in due order, ties
 * in the order they were set.
 */
final class SimulationClock extends Clock implements TaskScheduler {
  private record Timer(Instant due, long sequence, Runnable task, boolean[] cancelled)
      implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }

  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private volatile Instant now;
  private long sequence;

  SimulationClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    Instant due = delay.isNegative() ? now : now.plus(delay);
    timers.add(new Timer(due, sequence++, task, cancelled));
    return () -> {
      synchronized (SimulationClock.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Runs every timer due now (and those they set for now); returns how many ran. */
  int runDue() {
    return runDue(() -> {});
  }

  /**
   * As {@link #runDue()}, running {@code between} after each timer (the simulation waits for the
   * informers there, so that a timer never reads what the one before it wrote only in part).
   */
  int runDue(Runnable between) {
    int ran = 0;
    while (true) {
      Timer next;
      synchronized (this) {
        next = timers.peek();
        if (next == null || next.due().isAfter(now)) {
          return ran;
        }
        timers.poll();
        if (next.cancelled()[0]) {
          continue;
        }
      }
      next.task().run();
      between.run();
      ran++;
    }
  }

  /** When the next live timer falls due, or {@code null} when none is set. */
  synchronized Instant nextDue() {
    while (!timers.isEmpty() && timers.peek().cancelled()[0]) {
      timers.poll();
    }
    return timers.isEmpty() ? null : timers.peek().due();
  }

  /** Jumps to {@code instant}; the clock never goes back. */
  void jumpTo(Instant instant) {
    if (instant.isAfter(now)) {
      now = instant;
    }
  }
}
