package dev.dovetail.operator;

import java.util.List;

/**
 * Options that cannot be used, one problem per line, each naming the option. Meant to be printed as
 * it is, without a stack trace.
 */
public final class InvalidOptionsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidOptionsException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
