package dev.dovetail.operator;

import java.util.Objects;

/**
 * One process option: a {@code --flag}, the environment variable that sets it, its default ({@code
 * null} when it has none) and a one-line description for {@code --help}.
 */
public record OptionSpec(String flag, String env, String defaultValue, String description) {
  public OptionSpec {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(description, "description");
    if (!flag.startsWith("--")) {
      throw new IllegalArgumentException("option flag must start with --: " + flag);
    }
  }

  /** How errors name the option: {@code --batch-idle-duration (BATCH_IDLE_DURATION)}. */
  public String display() {
    return flag + " (" + env + ")";
  }
}
