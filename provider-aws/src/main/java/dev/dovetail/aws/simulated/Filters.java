package dev.dovetail.aws.simulated;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * EC2 filter matching: {@code tag:<key>} (with {@code *} wildcards), {@code tag-key}, and fields.
 */
final class Filters {
  private Filters() {}

  /**
   * Whether a resource passes every filter. {@code fields} answers the non-tag filter names; an
   * unknown filter name matches nothing, as in moto.
   */
  static boolean matches(
      List<Filter> filters, Map<String, String> tags, Function<String, List<String>> fields) {
    for (Filter f : filters) {
      String name = f.name();
      List<String> wanted = f.values();
      boolean ok;
      if (name.startsWith("tag:")) {
        String v = tags.get(name.substring(4));
        ok = v != null && wanted.stream().anyMatch(w -> glob(w, v));
      } else if (name.equals("tag-key")) {
        ok = wanted.stream().anyMatch(w -> tags.keySet().stream().anyMatch(k -> glob(w, k)));
      } else {
        List<String> actual = fields.apply(name);
        ok =
            actual != null
                && actual.stream().anyMatch(a -> wanted.stream().anyMatch(w -> glob(w, a)));
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean glob(String pattern, String value) {
    if (!pattern.contains("*") && !pattern.contains("?")) {
      return pattern.equals(value);
    }
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return value.matches(regex.toString());
  }
}
