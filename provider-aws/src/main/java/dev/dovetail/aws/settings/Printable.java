package dev.dovetail.aws.settings;

/** A user value fit for one line of an error message: quoted, control characters escaped, cut. */
final class Printable {
  private static final int MAX = 120;

  private Printable() {}

  static String of(String value) {
    StringBuilder s = new StringBuilder("'");
    value
        .codePoints()
        .limit(MAX)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                s.append(String.format("\\x%02x", c));
              } else {
                s.appendCodePoint(c);
              }
            });
    s.append('\'');
    if (value.codePointCount(0, value.length()) > MAX) {
      s.append("... (").append(value.length()).append(" characters)");
    }
    return s.toString();
  }
}
