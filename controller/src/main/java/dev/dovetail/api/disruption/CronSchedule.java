package dev.dovetail.api.disruption;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A standard five-field cron schedule (minute, hour, day of month, month, day of week) in UTC, as
 * Kubernetes CronJobs and disruption budgets write it: lists, ranges, steps, {@code *}, month and
 * day names, and the {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code
 * @midnight} and {@code @hourly} shorthands.
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  /** How far back {@link #lastFireAtOrBefore} looks; budgets' windows are far shorter. */
  private static final long MAX_LOOKBACK_MINUTES = 366L * 24 * 60;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String text, String[] f) {
    this.text = text;
    this.minutes = field(f[0], 0, 59, List.of(), "minute");
    this.hours = field(f[1], 0, 23, List.of(), "hour");
    this.daysOfMonth = field(f[2], 1, 31, List.of(), "day of month");
    this.months = field(f[3], 1, 12, MONTHS, "month");
    BitSet dow = field(f[4], 0, 7, DAYS, "day of week");
    if (dow.get(7)) {
      dow.set(0);
    }
    this.daysOfWeek = dow;
    this.anyDayOfMonth = f[2].startsWith("*") || f[2].equals("?");
    this.anyDayOfWeek = f[4].startsWith("*") || f[4].equals("?");
  }

  /**
   * @throws IllegalArgumentException with a message naming the field that is wrong
   */
  public static CronSchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    String expanded = MACROS.getOrDefault(text.trim().toLowerCase(Locale.ROOT), text.trim());
    if (expanded.startsWith("@")) {
      throw new IllegalArgumentException("unknown shorthand " + text.trim());
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "must have 5 fields (minute hour day-of-month month day-of-week), found "
              + fields.length);
    }
    return new CronSchedule(text.trim(), fields);
  }

  /** The latest minute at or before {@code now} at which the schedule fires, if within a year. */
  public Optional<Instant> lastFireAtOrBefore(Instant now) {
    LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    for (long i = 0; i < MAX_LOOKBACK_MINUTES; i++) {
      if (!months.get(t.getMonthValue()) || !dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).minusMinutes(1);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).minusMinutes(1);
        continue;
      }
      if (minutes.get(t.getMinute())) {
        return Optional.of(t.toInstant(ZoneOffset.UTC));
      }
      t = t.minusMinutes(1);
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    DayOfWeek d = t.getDayOfWeek();
    boolean dow = daysOfWeek.get(d.getValue() % 7);
    // Cron's rule: when both fields are restricted, either may match.
    if (!anyDayOfMonth && !anyDayOfWeek) {
      return dom || dow;
    }
    return dom && dow;
  }

  private static BitSet field(String text, int min, int max, List<String> names, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max, List.of(), what, 0);
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          from = number(range.substring(0, dash), min, max, names, what, min);
          to = number(range.substring(dash + 1), min, max, names, what, min);
        } else {
          from = number(range, min, max, names, what, min);
          to = slash >= 0 ? max : from;
        }
        if (from > to) {
          throw new IllegalArgumentException(what + " range " + range + " runs backwards");
        }
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(
      String text, int min, int max, List<String> names, String what, int nameBase) {
    int byName = names.indexOf(text.toLowerCase(Locale.ROOT));
    if (byName >= 0) {
      return byName + (names.size() == 12 ? 1 : nameBase);
    }
    try {
      int v = Integer.parseInt(text);
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " " + v + " is out of range " + min + "-" + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + what + " value \"" + text + "\"");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
