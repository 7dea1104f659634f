package dev.dovetail.aws.launchtemplate;

import dev.dovetail.api.validation.IpAddresses;
import dev.dovetail.api.validation.OneLine;
import dev.dovetail.api.validation.Syntax;
import java.util.regex.Pattern;

/**
 * The checks the renderer makes itself, whatever validation did before: values that go inside the
 * kubelet's flag strings (labels, taints, reserved and eviction maps) must have the Kubernetes
 * syntax that keeps them free of separators and whitespace, and one-line values must have no line
 * break, NUL or other control character. A refused value is an {@link IllegalArgumentException}
 * naming the field, never an escaped-but-wrong document.
 */
final class RenderChecks {
  private static final Pattern MAP_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern MAP_VALUE = Pattern.compile("[A-Za-z0-9.%_-]{1,63}");

  private RenderChecks() {}

  /**
   * Refuses control and format characters (C0, C1 including NEL, U+2028/9, BOM, ...) and unpaired
   * surrogates, which have no UTF-8 encoding.
   */
  static String oneLine(String field, String value) {
    boolean bad =
        value
            .codePoints()
            .anyMatch(
                c ->
                    switch (Character.getType(c)) {
                      case Character.CONTROL,
                          Character.FORMAT,
                          Character.LINE_SEPARATOR,
                          Character.PARAGRAPH_SEPARATOR,
                          Character.SURROGATE ->
                          true;
                      default -> false;
                    });
    if (bad) {
      throw refused(field, value, "must be one line of printable characters");
    }
    return value;
  }

  static String labelKey(String field, String key) {
    if (Syntax.qualifiedNameError(key) != null) {
      throw refused(field, key, "is not a qualified name");
    }
    return key;
  }

  static String labelValue(String field, String value) {
    if (Syntax.labelValueError(value) != null) {
      throw refused(field, value, "is not a label value");
    }
    return value;
  }

  static String mapKey(String field, String key) {
    if (!MAP_KEY.matcher(key).matches()) {
      throw refused(field, key, "is not a resource name or eviction signal");
    }
    return key;
  }

  static String mapValue(String field, String value) {
    if (!MAP_VALUE.matcher(value).matches()) {
      throw refused(field, value, "is not a quantity, percentage or duration");
    }
    return value;
  }

  static String ip(String field, String value) {
    if (!IpAddresses.isIp(value)) {
      throw refused(field, value, "is not an IP address");
    }
    return value;
  }

  private static IllegalArgumentException refused(String field, String value, String rule) {
    return new IllegalArgumentException(
        "refusing to render user data: " + field + " \"" + OneLine.of(value, 63) + "\" " + rule);
  }
}
