package dev.dovetail.aws.api.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks that user data suits the AMI family it is merged into: TOML for Bottlerocket, a MIME
 * multi-part archive or a shell script for AL2 and Ubuntu. Windows and Custom take any text.
 */
final class UserDataFormat {
  private static final Pattern TOML_TABLE = Pattern.compile("\\[\\[?[A-Za-z0-9_.\"-]+]]?");
  private static final Pattern TOML_KEY_VALUE =
      Pattern.compile(
          "(\"[^\"]*\"|[A-Za-z0-9_.-]+)(\\s*\\.\\s*(\"[^\"]*\"|[A-Za-z0-9_-]+))*\\s*=\\s*\\S.*");
  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);

  private UserDataFormat() {}

  /** Why {@code userData} does not suit {@code family}, or null when it does. */
  static String check(String family, String userData) {
    return switch (family) {
      case "Bottlerocket" -> toml(userData);
      case "AL2", "Ubuntu" -> mimeOrShell(userData);
      default -> null;
    };
  }

  private static String toml(String text) {
    int lineNumber = 0;
    int open = 0;
    for (String raw : text.split("\\R")) {
      lineNumber++;
      String line = raw.strip();
      if (open > 0) {
        open += depth(line);
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (TOML_TABLE.matcher(line).matches()) {
        continue;
      }
      if (TOML_KEY_VALUE.matcher(line).matches()) {
        open = Math.max(0, depth(line.substring(line.indexOf('=') + 1)));
        continue;
      }
      return "must be TOML for amiFamily Bottlerocket (line " + lineNumber + ": \"" + line + "\")";
    }
    return null;
  }

  private static int depth(String text) {
    int depth = 0;
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ']' || c == '}')) {
        depth--;
      }
    }
    return depth;
  }

  private static String mimeOrShell(String text) {
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("#!")) {
      return null;
    }
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mime-version:") || lower.startsWith("content-type:")) {
      var boundary = BOUNDARY.matcher(trimmed);
      if (!lower.contains("multipart/")) {
        return "MIME user data must be multipart (Content-Type: multipart/mixed)";
      }
      if (!boundary.find()) {
        return "MIME user data needs a boundary in its Content-Type header";
      }
      if (!trimmed.contains("--" + boundary.group(1))) {
        return "MIME user data has no part delimited by its boundary \"" + boundary.group(1) + "\"";
      }
      return null;
    }
    return "must be a MIME multi-part archive or a shell script starting with #! for this amiFamily";
  }
}
