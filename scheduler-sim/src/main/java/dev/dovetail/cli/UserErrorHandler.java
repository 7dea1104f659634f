package dev.dovetail.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that escapes a command into one line on stderr and exit code 2. Commands
 * report user mistakes themselves; this is the last guard so that nobody sees a stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final int EXIT_UNREADABLE_INPUT = 2;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    commandLine.getErr().println("error: " + message);
    return EXIT_UNREADABLE_INPUT;
  }
}
