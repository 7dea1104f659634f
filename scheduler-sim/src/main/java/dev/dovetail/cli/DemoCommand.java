package dev.dovetail.cli;

import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.demo.DemoApiServers;
import dev.dovetail.sim.kube.real.KubeBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the controller against an embedded cluster on the simulated AWS backend. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Dovetail end to end on an embedded cluster and a simulated AWS backend: scenario A.2"
            + " (inflate on spot), scaled 0 -> 5 -> 12, then one node deleted.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--region",
      defaultValue = "us-west-2",
      description = "simulated AWS region (default: ${DEFAULT-VALUE})")
  String region;

  @Option(
      names = "--manifests",
      description = "scenario directory (default: examples/a2-inflate-spot of this checkout)")
  Path manifests;

  @Option(
      names = "--keep-running",
      description = "leave the cluster up at the end and print a kubeconfig for kubectl")
  boolean keepRunning;

  @Option(
      names = "--api-server",
      defaultValue = DemoApiServers.EMBEDDED,
      description =
          "embedded (in-process, the default) or real (etcd and kube-apiserver built by "
              + KubeBinaries.BUILD_SCRIPT
              + ")")
  String apiServer;

  @Override
  public Integer call() throws Exception {
    Path dir = manifests != null ? manifests : findExamples();
    if (!Files.isDirectory(dir)) {
      spec.commandLine().getErr().println("error: --manifests " + dir + ": no such directory");
      return UserErrorHandler.EXIT_UNREADABLE_INPUT;
    }
    return new Demo(new Demo.Settings(region, dir, keepRunning, System.out, apiServer)).run();
  }

  /** examples/a2-inflate-spot in the working directory or one of its parents. */
  private static Path findExamples() {
    Path relative = Path.of("examples", "a2-inflate-spot");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalArgumentException(
        "examples/a2-inflate-spot not found from the working directory; run from the Dovetail"
            + " checkout or pass --manifests DIR");
  }
}
