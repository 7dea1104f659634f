package dev.dovetail.testing.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves when told to. Thread-safe, so code under test may read it from other
 * threads (informer callbacks) while the test steps it.
 */
public final class FakeClock extends Clock {
  /** A fixed, readable start for tests. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private volatile Instant now;

  public FakeClock() {
    this(DEFAULT_START);
  }

  public FakeClock(Instant start) {
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
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("FakeClock is always UTC");
    }
    return this;
  }

  /** Moves the clock forward; prefer {@link ManualScheduler#advance} when tasks are scheduled. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + duration);
    }
    now = now.plus(duration);
  }

  public synchronized void set(Instant instant) {
    if (instant.isBefore(now)) {
      throw new IllegalArgumentException("a clock does not go back: " + instant + " < " + now);
    }
    now = instant;
  }
}
