package dev.dovetail.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Parses Kubernetes quantities strictly ({@code 1500m}, {@code 4Gi}, {@code 1e3}, {@code 10}). */
public final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

  private Quantities() {}

  /** The value of {@code text}, or null when it is not a quantity. */
  public static BigDecimal parse(String text) {
    if (text == null || !QUANTITY.matcher(text.strip()).matches()) {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(text.strip()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The value of {@code quantity}, or null when it is not a quantity. */
  public static BigDecimal parse(Quantity quantity) {
    return quantity == null ? null : parse(quantity.toString());
  }
}
