package dev.dovetail.controllers.provisioning;

import java.util.List;

/**
 * Formats instance-type lists for logs as upstream does: the first five and a count of the rest.
 */
final class InstanceTypeList {
  private static final int SHOWN = 5;

  private InstanceTypeList() {}

  /** {@code "a, b, c, d, e and 3 other(s)"}; shorter lists in full. */
  static String format(List<String> names) {
    if (names.size() <= SHOWN) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, SHOWN))
        + " and "
        + (names.size() - SHOWN)
        + " other(s)";
  }
}
