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
    System.exit(commandLine().execute(args));
  }
}
