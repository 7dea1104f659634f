package dev.dovetail.units;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Karpenter's flags and settings write them ({@code 1s}, {@code 500ms}, {@code
 * 1m30s}, {@code 1.5h}): one or more decimal numbers each followed by a unit of {@code ns}, {@code
 * us}, {@code ms}, {@code s}, {@code m} or {@code h}.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message that shows the expected form
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = PART.matcher(trimmed);
    long nanos = 0;
    int position = 0;
    while (position < trimmed.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a duration (expected for example 500ms, 10s, 1m30s)");
      }
      BigDecimal value = new BigDecimal(matcher.group(1));
      long unit =
          switch (matcher.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos += value.multiply(BigDecimal.valueOf(unit)).longValue();
      position = matcher.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration (expected for example 500ms, 10s, 1m30s)");
    }
    return Duration.ofNanos(nanos);
  }

  /**
   * Formats like Go's {@code time.Duration.String} for whole units: {@code 1m30s}, {@code 500ms}.
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.toNanos() % 1_000_000_000L != 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60 || (text.length() > 0 && seconds > 0)) {
      text.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0 || text.length() == 0) {
      text.append(seconds).append('s');
    }
    return text.toString();
  }
}
