package dev.dovetail.api.validation;

import dev.dovetail.scheduling.QuantityRange;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;

/**
 * Kubernetes quantities ({@code 1500m}, {@code 4Gi}, {@code 1e3}, {@code 10}) for validation: the
 * engine's parser ({@link dev.dovetail.scheduling.Quantity#parse}) with a sign allowed, so that a
 * rule can say "must not be negative", and null instead of an exception.
 */
public final class Quantities {
  private Quantities() {}

  /**
   * The value of {@code text}, or null when it is not a quantity or lies outside what Kubernetes
   * accepts ({@link QuantityRange}).
   */
  public static BigDecimal parse(String text) {
    if (text == null || text.length() > 64) {
      return null;
    }
    String unsigned = text.strip();
    boolean negative = unsigned.startsWith("-");
    if (negative || unsigned.startsWith("+")) {
      unsigned = unsigned.substring(1);
    }
    if (unsigned.isEmpty() || !Character.isDigit(unsigned.charAt(0)) && unsigned.charAt(0) != '.') {
      return null;
    }
    try {
      BigDecimal amount = dev.dovetail.scheduling.Quantity.parse(unsigned).amount();
      if (!QuantityRange.accepts(amount)) {
        return null;
      }
      return negative ? amount.negate() : amount;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The value of {@code quantity}, or null when it is not a quantity. */
  public static BigDecimal parse(Quantity quantity) {
    return quantity == null ? null : parse(quantity.toString());
  }

  /**
   * The value of {@code quantity} for the named resource or setting of an already validated object.
   *
   * @throws IllegalArgumentException naming it when the value is not a quantity
   */
  public static BigDecimal require(String name, Quantity quantity) {
    BigDecimal value = parse(quantity);
    if (value == null) {
      throw new IllegalArgumentException(name + ": \"" + quantity + "\" is not a quantity");
    }
    return value;
  }

  /** The problem line for a value {@link #parse} refused, quoting at most 40 characters of it. */
  static String invalid(Object value) {
    String text = String.valueOf(value);
    String shown = text.length() <= 40 ? text : text.substring(0, 40) + "...";
    return "\""
        + shown
        + "\" is not a valid quantity or is outside what Kubernetes accepts "
        + QuantityRange.RULE;
  }
}
