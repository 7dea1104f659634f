package dev.dovetail.model;

import java.util.List;

/**
 * A node selector requirement.
 *
 * @param operator In, NotIn, Exists, DoesNotExist, Gt or Lt
 * @param values the operator's values (one non-negative integer for Gt/Lt)
 * @param minValues the least number of distinct values that must stay available (v1 only; null for
 *     v1alpha5)
 */
public record Requirement(String key, String operator, List<String> values, Integer minValues) {
  public Requirement {
    values = values == null ? List.of() : List.copyOf(values);
  }

  public static Requirement of(String key, String operator, String... values) {
    return new Requirement(key, operator, List.of(values), null);
  }
}
