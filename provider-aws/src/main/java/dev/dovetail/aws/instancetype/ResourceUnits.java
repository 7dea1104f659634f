package dev.dovetail.aws.instancetype;

import dev.dovetail.api.validation.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes quantity strings in the units the capacity model uses: {@code cpu} in millicores,
 * every other resource in whole base units (bytes for memory and ephemeral-storage, a count for
 * pods).
 */
public final class ResourceUnits {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String PODS = "pods";
  public static final String PID = "pid";
  public static final long MIB = 1024L * 1024L;
  public static final long GIB = 1024L * MIB;

  private ResourceUnits() {}

  /**
   * Parses a quantity for a resource: millicores for {@code cpu} (rounded up), base units otherwise
   * (rounded up).
   *
   * @throws IllegalArgumentException naming the resource and the value when it is not a quantity
   */
  public static long parse(String resource, String quantity) {
    BigDecimal value = parseDecimal(resource, quantity);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(
          resource + ": quantity '" + quantity + "' must not be negative");
    }
    if (CPU.equals(resource)) {
      value = value.movePointRight(3);
    }
    return value.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /**
   * Formats a value in this class's units as a Kubernetes quantity ({@code 1930m}, {@code 3246Mi}).
   */
  public static String format(String resource, long value) {
    if (CPU.equals(resource)) {
      return value % 1000 == 0 ? Long.toString(value / 1000) : value + "m";
    }
    if (MEMORY.equals(resource) || EPHEMERAL_STORAGE.equals(resource)) {
      if (value != 0 && value % GIB == 0) {
        return value / GIB + "Gi";
      }
      if (value != 0 && value % MIB == 0) {
        return value / MIB + "Mi";
      }
      if (value != 0 && value % 1024 == 0) {
        return value / 1024 + "Ki";
      }
    }
    return Long.toString(value);
  }

  private static BigDecimal parseDecimal(String resource, String quantity) {
    if (quantity == null || quantity.isBlank()) {
      throw new IllegalArgumentException(resource + ": quantity must not be empty");
    }
    BigDecimal value = Quantities.parse(quantity);
    if (value == null) {
      throw new IllegalArgumentException(
          resource + ": '" + quantity + "' is not a Kubernetes quantity (e.g. 100m, 1Gi, 2)");
    }
    return value;
  }
}
