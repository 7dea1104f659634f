package dev.dovetail.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the controller against an embedded cluster on the simulated AWS backend. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run Dovetail end to end on an embedded cluster and a simulated AWS backend.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(
        "The embedded demo is coming (see the controller issue). Meanwhile try"
            + " `./dovetail validate -f examples/`.");
    return 0;
  }
}
