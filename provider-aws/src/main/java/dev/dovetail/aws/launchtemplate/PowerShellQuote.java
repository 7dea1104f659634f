package dev.dovetail.aws.launchtemplate;

/**
 * Puts a value into a PowerShell script as one single-quoted (verbatim) string. PowerShell treats
 * the typographic quotes U+2018–U+201B like an ASCII apostrophe, so each of them is doubled as
 * well; nothing else is special inside single quotes. NUL and the closing tag of the EC2Launch
 * script block are refused.
 */
public final class PowerShellQuote {
  private static final String QUOTES = "'\u2018\u2019\u201A\u201B";

  private PowerShellQuote() {}

  /** {@code value} as exactly one PowerShell string literal. */
  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a PowerShell argument cannot contain NUL");
    }
    if (value.toLowerCase(java.util.Locale.ROOT).contains("</powershell>")) {
      throw new IllegalArgumentException("a PowerShell argument cannot contain </powershell>");
    }
    StringBuilder s = new StringBuilder("'");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (QUOTES.indexOf(c) >= 0) {
        s.append(c);
      }
      s.append(c);
    }
    return s.append('\'').toString();
  }
}
