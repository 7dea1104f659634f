package dev.dovetail.aws.api.validation;

import dev.dovetail.api.validation.FieldPath;
import dev.dovetail.api.validation.Problems;
import java.util.Map;
import java.util.Set;

/** Syntax of the tag-map selectors of an AWSNodeTemplate. */
final class Selectors {
  static final Set<String> ID_KEYS = Set.of("aws-ids", "aws::ids");
  static final Set<String> AMI_SPECIAL_KEYS =
      Set.of("aws::ids", "aws-ids", "aws::name", "aws::owners");

  private Selectors() {}

  /** Subnet and security-group selectors: tags, or {@code aws-ids}/{@code aws::ids} alone. */
  static void idSelector(
      Map<String, String> selector, FieldPath path, boolean required, Problems problems) {
    if (selector == null || selector.isEmpty()) {
      if (required) {
        problems.add(path, "required: select at least one tag or give aws-ids");
      }
      return;
    }
    entries(selector, path, problems);
    for (String key : selector.keySet()) {
      if (ID_KEYS.contains(key) && selector.size() > 1) {
        problems.add(path.key(key), key + " cannot be combined with other selector keys");
      } else if (key.startsWith("aws::") && !ID_KEYS.contains(key)) {
        problems.add(
            path.key(key), "unknown special key; only aws::ids (or aws-ids) is supported here");
      }
    }
  }

  /** AMI selectors: tags plus {@code aws::ids}, {@code aws::name}, {@code aws::owners}. */
  static void amiSelector(Map<String, String> selector, FieldPath path, Problems problems) {
    if (selector == null) {
      return;
    }
    entries(selector, path, problems);
    for (String key : selector.keySet()) {
      if (key.startsWith("aws::") && !AMI_SPECIAL_KEYS.contains(key)) {
        problems.add(path.key(key), "unknown special key; use aws::ids, aws::name or aws::owners");
      } else if (ID_KEYS.contains(key) && selector.size() > 1) {
        problems.add(path.key(key), key + " cannot be combined with other selector keys");
      }
    }
  }

  private static void entries(Map<String, String> selector, FieldPath path, Problems problems) {
    for (Map.Entry<String, String> entry : selector.entrySet()) {
      FieldPath at = path.key(entry.getKey());
      if (entry.getKey().isBlank()) {
        problems.add(at, "selector keys must not be empty");
        continue;
      }
      String value = entry.getValue();
      if (value == null || value.isBlank()) {
        problems.add(at, "selector values must not be empty");
        continue;
      }
      for (String alternative : value.split(",", -1)) {
        if (alternative.isBlank()) {
          problems.add(at, "comma-separated values must not be empty (\"" + value + "\")");
          break;
        }
      }
    }
  }
}
