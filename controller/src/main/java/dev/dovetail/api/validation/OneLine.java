package dev.dovetail.api.validation;

/** Makes user-supplied text safe for one log or terminal line: escapes controls, caps length. */
public final class OneLine {
  private OneLine() {}

  /** {@code text} with control characters as {@code \xNN} and cut to {@code max} code points. */
  public static String of(String text, int max) {
    StringBuilder s = new StringBuilder();
    int[] count = {0};
    text.codePoints()
        .forEach(
            c -> {
              if (count[0]++ >= max) {
                return;
              }
              if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                s.append(String.format("\\x%02x", c));
              } else {
                s.appendCodePoint(c);
              }
            });
    if (count[0] > max) {
      s.append("...(").append(count[0] - max).append(" more)");
    }
    return s.toString();
  }
}
