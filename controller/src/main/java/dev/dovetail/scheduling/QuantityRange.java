package dev.dovetail.scheduling;

import java.math.BigDecimal;

/**
 * The range of quantities Kubernetes stores: at most 2^63-1 in base units, and nothing finer than a
 * nano-unit except zero. Checking it before any scaling keeps a hostile exponent such as {@code
 * 1e999999999} from turning into a gigantic integer.
 */
public final class QuantityRange {
  /** The rule, for messages. */
  public static final String RULE = "(at most 9223372036854775807 base units, at least 1n)";

  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal NANO = new BigDecimal("1e-9");

  private QuantityRange() {}

  /** Whether {@code amount} (in base units) is a quantity Kubernetes accepts. */
  public static boolean accepts(BigDecimal amount) {
    if (amount.signum() == 0) {
      return true;
    }
    // precision - scale is the number of integer digits; it bounds the size without expanding it
    long integerDigits = (long) amount.precision() - amount.scale();
    if (integerDigits > 19 || integerDigits < -8) {
      return false;
    }
    BigDecimal abs = amount.abs();
    return abs.compareTo(MAX) <= 0 && abs.compareTo(NANO) >= 0;
  }
}
