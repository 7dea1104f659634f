package dev.dovetail.controllers.deprovisioning;

import java.util.Locale;

/** Dollar-per-hour figures as every decision prints them, e.g. {@code $0.1920/h}. */
final class Money {
  private Money() {}

  static String perHour(double usd) {
    return String.format(Locale.ROOT, "$%.4f/h", usd);
  }

  /** {@code $0.3840/h before, $0.1920/h after, saving $0.1920/h}. */
  static String change(double before, double after) {
    return perHour(before)
        + " before, "
        + perHour(after)
        + " after, saving "
        + perHour(before - after);
  }
}
