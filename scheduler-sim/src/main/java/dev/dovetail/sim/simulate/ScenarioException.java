package dev.dovetail.sim.simulate;

import java.util.List;

/** A scenario that cannot be run, with one line per problem ({@code kind/name: field: rule}). */
public final class ScenarioException extends RuntimeException {
  private final List<String> problems;

  ScenarioException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
