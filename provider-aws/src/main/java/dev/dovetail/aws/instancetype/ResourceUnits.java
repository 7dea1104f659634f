package dev.dovetail.aws.instancetype;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

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

  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("m", new BigDecimal("0.001")),
          Map.entry("", BigDecimal.ONE),
          Map.entry("k", BigDecimal.TEN.pow(3)),
          Map.entry("M", BigDecimal.TEN.pow(6)),
          Map.entry("G", BigDecimal.TEN.pow(9)),
          Map.entry("T", BigDecimal.TEN.pow(12)),
          Map.entry("P", BigDecimal.TEN.pow(15)),
          Map.entry("E", BigDecimal.TEN.pow(18)),
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

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
    String q = quantity.trim();
    int end = q.length();
    while (end > 0 && Character.isLetter(q.charAt(end - 1))) {
      end--;
    }
    String number = q.substring(0, end);
    String suffix = q.substring(end);
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null || number.isEmpty()) {
      // exponent form such as 1e3 or 12E6
      try {
        return new BigDecimal(q);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            resource + ": '" + quantity + "' is not a Kubernetes quantity (e.g. 100m, 1Gi, 2)");
      }
    }
    try {
      return new BigDecimal(number).multiply(multiplier);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          resource + ": '" + quantity + "' is not a Kubernetes quantity (e.g. 100m, 1Gi, 2)");
    }
  }
}
