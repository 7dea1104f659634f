package dev.dovetail.operator;

import dev.dovetail.units.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Option values resolved from command-line flags over environment variables over defaults, with
 * typed getters that collect problems instead of failing at the first one. Call {@link
 * #throwIfInvalid()} once everything is read.
 *
 * <p>Flags take {@code --flag=value} or {@code --flag value}; a boolean flag alone means true.
 * Environment variables that are not options are ignored; unknown flags are errors.
 */
public final class OptionValues {
  private final Map<String, OptionSpec> specs = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private OptionValues(List<OptionSpec> specs) {
    for (OptionSpec spec : specs) {
      if (this.specs.put(spec.flag(), spec) != null) {
        throw new IllegalArgumentException("option " + spec.flag() + " is declared twice");
      }
    }
  }

  /** Resolves {@code specs} from {@code args} and {@code env}. */
  public static OptionValues resolve(
      List<OptionSpec> specs, Map<String, String> env, List<String> args, Set<String> booleans) {
    OptionValues result = new OptionValues(specs);
    for (OptionSpec spec : specs) {
      String fromEnv = env.get(spec.env());
      if (fromEnv != null) {
        result.values.put(spec.flag(), fromEnv);
      } else if (spec.defaultValue() != null) {
        result.values.put(spec.flag(), spec.defaultValue());
      }
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        result.problems.add("unexpected argument \"" + arg + "\": options are --flag=value");
        continue;
      }
      int equals = arg.indexOf('=');
      String flag = equals < 0 ? arg : arg.substring(0, equals);
      OptionSpec spec = result.specs.get(flag);
      if (spec == null) {
        result.problems.add("unknown option " + flag);
        continue;
      }
      if (equals >= 0) {
        result.values.put(flag, arg.substring(equals + 1));
      } else if (booleans.contains(flag)
          && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
        result.values.put(flag, "true");
      } else if (i + 1 < args.size()) {
        result.values.put(flag, args.get(++i));
      } else {
        result.problems.add(spec.display() + " needs a value");
      }
    }
    return result;
  }

  public String string(String flag) {
    return values.get(spec(flag).flag());
  }

  /** A value that must be present and not blank. */
  public String required(String flag) {
    String value = string(flag);
    if (value == null || value.isBlank()) {
      problems.add(spec(flag).display() + " is required");
      return null;
    }
    return value.trim();
  }

  public Duration duration(String flag, Duration atLeast) {
    Duration value = parse(flag, GoDuration::parse);
    if (value != null && value.compareTo(atLeast) < 0) {
      invalid(flag, "must be at least " + GoDuration.format(atLeast));
    }
    return value;
  }

  public Integer integer(String flag, int min, int max) {
    Integer value = parse(flag, Integer::parseInt);
    if (value != null && (value < min || value > max)) {
      invalid(flag, "must be between " + min + " and " + max);
    }
    return value;
  }

  public Boolean bool(String flag) {
    return parse(
        flag,
        text ->
            switch (text.trim().toLowerCase(Locale.ROOT)) {
              case "true", "1", "yes" -> true;
              case "false", "0", "no" -> false;
              default -> throw new IllegalArgumentException("must be true or false");
            });
  }

  /** One of {@code allowed}, compared without case; returned in lower case. */
  public String oneOf(String flag, List<String> allowed) {
    String value = string(flag);
    if (value == null) {
      return null;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      invalid(flag, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return lower;
  }

  /** Records a problem with a value that parsed but does not fit with another. */
  public void invalid(String flag, String rule) {
    problems.add("invalid " + spec(flag).display() + " \"" + values.get(flag) + "\": " + rule);
  }

  private <T> T parse(String flag, Function<String, T> parser) {
    String value = string(flag);
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value.trim());
    } catch (IllegalArgumentException e) {
      String reason =
          e instanceof NumberFormatException ? "must be a whole number" : e.getMessage();
      problems.add("invalid " + spec(flag).display() + " \"" + value + "\": " + reason);
      return null;
    }
  }

  private OptionSpec spec(String flag) {
    OptionSpec spec = specs.get(flag);
    if (spec == null) {
      throw new IllegalArgumentException("no option " + flag + " is declared");
    }
    return spec;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidOptionsException(problems);
    }
  }

  /** The {@code --help} text: one line per option with its variable and default. */
  public static String usage(List<OptionSpec> specs) {
    StringBuilder text = new StringBuilder();
    for (OptionSpec spec : specs) {
      text.append(
          String.format("  %-32s %s", spec.flag() + " (" + spec.env() + ")", spec.description()));
      if (spec.defaultValue() != null) {
        text.append(" [default ").append(spec.defaultValue()).append(']');
      }
      text.append('\n');
    }
    return text.toString();
  }
}
