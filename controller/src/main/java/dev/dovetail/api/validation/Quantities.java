package dev.dovetail.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;

/**
 * Kubernetes quantities ({@code 1500m}, {@code 4Gi}, {@code 1e3}, {@code 10}) for validation: the
 * engine's parser ({@link dev.dovetail.scheduling.Quantity#parse}) with a sign allowed, so that a
 * rule can say "must not be negative", and null instead of an exception.
 */
public final class Quantities {
  private Quantities() {}

  /** The value of {@code text}, or null when it is not a quantity. */
  public static BigDecimal parse(String text) {
    if (text == null) {
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
      return negative ? amount.negate() : amount;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The value of {@code quantity}, or null when it is not a quantity. */
  public static BigDecimal parse(Quantity quantity) {
    return quantity == null ? null : parse(quantity.toString());
  }
}
