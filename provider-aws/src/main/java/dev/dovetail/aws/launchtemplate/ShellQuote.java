package dev.dovetail.aws.launchtemplate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one function that puts a value into a bash script: every argument becomes one single-quoted
 * word, so nothing inside it ($, `, ", \, ;, newlines) is interpreted. A single quote cannot occur
 * inside single quotes, so it is written as {@code '\''} (close, escaped quote, reopen). NUL cannot
 * be passed in an argument at all and is refused.
 */
public final class ShellQuote {
  private ShellQuote() {}

  /** {@code value} as exactly one bash word. */
  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell argument cannot contain NUL");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * A command line: {@code program} (a constant path, written as is) followed by every argument
   * quoted, with a line continuation between groups for readability.
   */
  public static String command(String program, List<List<String>> argumentGroups) {
    if (!program.matches("[A-Za-z0-9/._-]+")) {
      throw new IllegalArgumentException("not a plain program path: " + program);
    }
    return program
        + argumentGroups.stream()
            .map(g -> g.stream().map(ShellQuote::quote).collect(Collectors.joining(" ", " ", "")))
            .collect(Collectors.joining(" \\\n"))
        + "\n";
  }
}
