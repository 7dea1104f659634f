package dev.dovetail.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on an injected clock (Guava's RateLimiter cannot take one): {@code burst} tokens,
 * refilled at {@code perSecond}. {@link #tryAcquire()} never blocks.
 */
public final class TokenBucket {
  private final Clock clock;
  private final double perSecond;
  private final double burst;
  private double tokens;
  private Instant last;

  public TokenBucket(double perSecond, int burst, Clock clock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "a token bucket needs a positive rate and a burst of at least 1, got "
              + perSecond
              + "/s and "
              + burst);
    }
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = clock.instant();
  }

  /** Takes a token if one is available. */
  public synchronized boolean tryAcquire() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** How long until a token is available (zero when one is). */
  public synchronized Duration timeToNextToken() {
    refill();
    if (tokens >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(last)) {
      double elapsed = Duration.between(last, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + elapsed * perSecond);
      last = now;
    }
  }
}
