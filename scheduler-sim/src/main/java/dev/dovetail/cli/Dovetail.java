package dev.dovetail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dovetail} command line: the entry point of {@code ./dovetail}. */
@Command(
    name = "dovetail",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A groupless node provisioner for Kubernetes on AWS.",
    subcommands = {
      DemoCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      BenchCommand.class,
      CatalogCommand.class,
      SimulateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Dovetail implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with Dovetail's error handling: user mistakes never print a trace. */
  public static CommandLine commandLine() {
    return new CommandLine(new Dovetail()).setExecutionExceptionHandler(new UserErrorHandler());
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs one command; even running out of memory or stack ends with one line and exit code 2, not a
   * stack trace.
   */
  static int run(String... args) {
    try {
      return commandLine().execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      System.err.println(
          "error: "
              + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too deeply")
              + " ("
              + e.getClass().getSimpleName()
              + "); try smaller input or a larger -Xmx");
      return UserErrorHandler.EXIT_UNREADABLE_INPUT;
    }
  }
}
