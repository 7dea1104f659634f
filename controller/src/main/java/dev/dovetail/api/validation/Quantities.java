package dev.dovetail.api.validation;

import dev.dovetail.scheduling.QuantityRange;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Parses Kubernetes quantities strictly ({@code 1500m}, {@code 4Gi}, {@code 1e3}, {@code 10}). */
public final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

  private Quantities() {}

  /**
   * The value of {@code text}, or null when it is not a quantity or lies outside what Kubernetes
   * accepts ({@link QuantityRange}).
   */
  public static BigDecimal parse(String text) {
    if (text == null || text.length() > 64 || !QUANTITY.matcher(text.strip()).matches()) {
      return null;
    }
    try {
      // range-check the number before the suffix scales it: the parser expands exponents
      String number = text.strip().replaceAll("(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)$", "");
      if (!QuantityRange.accepts(new BigDecimal(number))) {
        return null;
      }
      BigDecimal value = Quantity.getAmountInBytes(new Quantity(text.strip()));
      return QuantityRange.accepts(value) ? value : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The value of {@code quantity}, or null when it is not a quantity. */
  public static BigDecimal parse(Quantity quantity) {
    return quantity == null ? null : parse(quantity.toString());
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
