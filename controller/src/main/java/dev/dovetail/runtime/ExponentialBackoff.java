package dev.dovetail.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential backoff: {@code base}, {@code 2×base}, {@code 4×base}… capped at {@code max};
 * {@link #forget} starts a key over. Karpenter's object controllers use 1 s → 1 min.
 *
 * @param <K> key type
 */
public final class ExponentialBackoff<K> {
  /** Karpenter's per-object backoff: 1 s doubling up to 1 min. */
  public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);

  public static final Duration DEFAULT_MAX = Duration.ofMinutes(1);

  private final Duration base;
  private final Duration max;
  private final Map<K, Integer> failures = new HashMap<>();

  public ExponentialBackoff(Duration base, Duration max) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < base <= max, got base " + base + " and max " + max);
    }
    this.base = base;
    this.max = max;
  }

  public static <K> ExponentialBackoff<K> defaults() {
    return new ExponentialBackoff<>(DEFAULT_BASE, DEFAULT_MAX);
  }

  /** The delay before the next retry of {@code key}, counting this failure. */
  public synchronized Duration next(K key) {
    int n = failures.merge(key, 1, Integer::sum) - 1;
    // 2^n overflows long nanoseconds from n = 63 on; the cap is reached long before.
    if (n >= 32) {
      return max;
    }
    Duration delay = base.multipliedBy(1L << n);
    return delay.compareTo(max) > 0 ? max : delay;
  }

  /** How many failures in a row {@code key} has had. */
  public synchronized int failures(K key) {
    return failures.getOrDefault(key, 0);
  }

  public synchronized void forget(K key) {
    failures.remove(key);
  }
}
