package dev.dovetail.sim.kube.real;

import dev.dovetail.aws.instance.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits for a real process (etcd, kube-apiserver) to reach a state: asks every {@code every} until
 * the answer is yes or {@code timeout} has passed on {@code clock}.
 */
record Poll(Clock clock, Sleeper sleeper, Duration every) {
  /** Real time, asking every 100 ms. */
  static final Poll REAL = new Poll(Clock.systemUTC(), Sleeper.REAL, Duration.ofMillis(100));

  /**
   * True once {@code done} says so, false when {@code timeout} passed first.
   *
   * @throws IllegalStateException when interrupted while waiting for {@code what}
   */
  boolean until(BooleanSupplier done, Duration timeout, String what) {
    Instant deadline = clock.instant().plus(timeout);
    while (!done.getAsBoolean()) {
      if (clock.instant().isAfter(deadline)) {
        return false;
      }
      try {
        sleeper.sleep(every);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    return true;
  }
}
