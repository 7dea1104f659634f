package dev.dovetail.sim.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code fieldSelector}: comma-separated {@code path=value}, {@code path==value} or {@code
 * path!=value} requirements over dotted JSON paths such as {@code spec.nodeName} or {@code
 * status.phase}. A missing field compares as the empty string, as the API server does for {@code
 * spec.nodeName=}.
 */
record FieldSelector(List<Requirement> requirements) {

  /** One requirement of a field selector. */
  record Requirement(String path, String value, boolean equal) {
    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String part : path.split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      String actual = node == null || node.isNull() ? "" : node.asText();
      return actual.equals(value) == equal;
    }
  }

  FieldSelector {
    requirements = List.copyOf(requirements);
  }

  /**
   * Parses a decoded selector.
   *
   * @throws IllegalArgumentException naming the requirement that has no operator
   */
  static FieldSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : selector.split(",")) {
      String trimmed = term.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int notEqual = trimmed.indexOf("!=");
      int doubleEqual = trimmed.indexOf("==");
      int equal = trimmed.indexOf('=');
      if (notEqual > 0) {
        requirements.add(
            new Requirement(
                trimmed.substring(0, notEqual).trim(), trimmed.substring(notEqual + 2), false));
      } else if (doubleEqual > 0) {
        requirements.add(
            new Requirement(
                trimmed.substring(0, doubleEqual).trim(),
                trimmed.substring(doubleEqual + 2),
                true));
      } else if (equal > 0) {
        requirements.add(
            new Requirement(
                trimmed.substring(0, equal).trim(), trimmed.substring(equal + 1), true));
      } else {
        throw new IllegalArgumentException(
            "invalid field selector requirement \"" + trimmed + "\": expected field=value");
      }
    }
    return new FieldSelector(requirements);
  }

  boolean matches(JsonNode object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }
}
