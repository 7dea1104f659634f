package dev.dovetail.scheduling;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A Kubernetes resource quantity ({@code 1500m}, {@code 2Gi}, {@code 1e3}, {@code 0.5}), kept
 * exactly.
 *
 * <p>Binary suffixes are Ki, Mi, Gi, Ti, Pi, Ei; decimal suffixes are n, u, m, k, M, G, T, P, E; an
 * exponent form {@code 12e6} is accepted too. The engine stores resources as longs: CPU in
 * milli-units ({@link #milliValue()}) and everything else in whole units ({@link #value()}), both
 * rounded up as Kubernetes does.
 *
 * @param amount the exact amount in base units (cores, bytes, pods, devices)
 */
public record Quantity(BigDecimal amount) implements Comparable<Quantity> {
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  public Quantity {
    Objects.requireNonNull(amount, "amount");
  }

  /** A quantity of {@code milli} thousandths of a unit. */
  public static Quantity ofMilli(long milli) {
    return new Quantity(BigDecimal.valueOf(milli, 3));
  }

  /** A quantity of whole units. */
  public static Quantity of(long units) {
    return new Quantity(BigDecimal.valueOf(units));
  }

  /**
   * Parses a Kubernetes quantity.
   *
   * @throws IllegalArgumentException naming the text and the rule when it is not a quantity
   */
  public static Quantity parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a quantity is required, got nothing");
    }
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("a quantity is required, got an empty string");
    }
    int end = s.length();
    while (end > 0 && Character.isLetter(s.charAt(end - 1))) {
      end--;
    }
    String number = s.substring(0, end);
    String suffix = s.substring(end);
    BigDecimal multiplier;
    // An exponent written as 1e3 ends in a digit, so it is part of the number.
    if (suffix.isEmpty()) {
      multiplier = BigDecimal.ONE;
    } else {
      multiplier = suffixMultiplier(suffix, text);
    }
    if (number.isEmpty() || number.startsWith("+") && number.length() == 1) {
      throw notAQuantity(text);
    }
    // Kubernetes takes either an exponent (1e3) or a suffix (1k), never both.
    if (!suffix.isEmpty() && (number.indexOf('e') >= 0 || number.indexOf('E') >= 0)) {
      throw notAQuantity(text);
    }
    BigDecimal value;
    try {
      value = new BigDecimal(number);
    } catch (NumberFormatException e) {
      throw notAQuantity(text);
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException(
          "quantity \"" + text + "\" is negative; resource quantities must be zero or more");
    }
    BigDecimal amount = value.multiply(multiplier);
    if (!QuantityRange.accepts(amount)) {
      throw new IllegalArgumentException(
          "quantity \""
              + abbreviated(text)
              + "\" is outside what Kubernetes accepts "
              + QuantityRange.RULE);
    }
    return new Quantity(amount);
  }

  private static BigDecimal suffixMultiplier(String suffix, String text) {
    return switch (suffix) {
      case "n" -> new BigDecimal("1e-9");
      case "u" -> new BigDecimal("1e-6");
      case "m" -> new BigDecimal("1e-3");
      case "k" -> BigDecimal.valueOf(1_000L);
      case "M" -> BigDecimal.valueOf(1_000_000L);
      case "G" -> BigDecimal.valueOf(1_000_000_000L);
      case "T" -> BigDecimal.valueOf(1_000_000_000_000L);
      case "P" -> BigDecimal.valueOf(1_000_000_000_000_000L);
      case "E" -> new BigDecimal("1e18");
      case "Ki" -> BigDecimal.valueOf(1L << 10);
      case "Mi" -> BigDecimal.valueOf(1L << 20);
      case "Gi" -> BigDecimal.valueOf(1L << 30);
      case "Ti" -> BigDecimal.valueOf(1L << 40);
      case "Pi" -> BigDecimal.valueOf(1L << 50);
      case "Ei" -> BigDecimal.valueOf(1L << 60);
      default ->
          throw new IllegalArgumentException(
              "quantity \""
                  + text
                  + "\" has an unknown suffix \""
                  + suffix
                  + "\"; use n, u, m, k, M, G, T, P, E or Ki, Mi, Gi, Ti, Pi, Ei");
    };
  }

  private static String abbreviated(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static IllegalArgumentException notAQuantity(String text) {
    return new IllegalArgumentException(
        "\""
            + abbreviated(text)
            + "\" is not a Kubernetes quantity (examples: 500m, 2, 1.5Gi, 512Mi)");
  }

  /** Thousandths of a unit, rounded up (CPU is kept this way). */
  public long milliValue() {
    return exact(amount.multiply(THOUSAND));
  }

  /** Whole units, rounded up (memory in bytes, pods, devices). */
  public long value() {
    return exact(amount);
  }

  private long exact(BigDecimal units) {
    try {
      return units.setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "quantity " + amount.toPlainString() + " is too large to schedule");
    }
  }

  @Override
  public int compareTo(Quantity other) {
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
  }

  @Override
  public int hashCode() {
    return amount.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return amount.stripTrailingZeros().toPlainString();
  }
}
