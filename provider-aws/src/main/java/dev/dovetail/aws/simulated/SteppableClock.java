package dev.dovetail.aws.simulated;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when told to: for tests, the demo and the simulator. Thread-safe. */
public final class SteppableClock extends Clock {
  private volatile Instant now;

  public SteppableClock(Instant start) {
    this.now = start;
  }

  /** Starts at 2026-01-01T00:00:00Z. */
  public static SteppableClock atEpochOfTests() {
    return new SteppableClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  public synchronized void set(Instant instant) {
    now = instant;
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
  public Instant instant() {
    return now;
  }
}
