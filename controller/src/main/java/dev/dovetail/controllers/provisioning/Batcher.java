package dev.dovetail.controllers.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Collects provisioning triggers into batches, as upstream's batcher does: the first trigger opens
 * a window, each further trigger extends it by the idle duration, and the window closes after the
 * idle duration without a trigger or at the latest after the max duration. Time comes from the
 * clock, so the provisioning loop asks rather than blocks, and tests step a fake clock.
 */
public final class Batcher {
  private final Clock clock;
  private final Duration idle;
  private final Duration max;
  private Instant opened;
  private Instant lastTrigger;

  public Batcher(Clock clock, Duration idle, Duration max) {
    this.clock = clock;
    this.idle = idle;
    this.max = max;
  }

  /** A pod needs provisioning: opens a window or extends the open one. */
  public synchronized void trigger() {
    Instant now = clock.instant();
    if (opened == null) {
      opened = now;
    }
    lastTrigger = now;
  }

  /**
   * Empty when the window has closed (it is reset, and the caller provisions now); otherwise how
   * long to wait before asking again. With no window open, asks again after the idle duration.
   */
  public synchronized Optional<Duration> waitTime() {
    if (opened == null) {
      return Optional.of(idle);
    }
    Instant now = clock.instant();
    Instant closesAt = min(lastTrigger.plus(idle), opened.plus(max));
    if (!now.isBefore(closesAt)) {
      opened = null;
      lastTrigger = null;
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, closesAt));
  }

  /** Whether a window is open. */
  public synchronized boolean isOpen() {
    return opened != null;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
