package dev.dovetail.cli;

import dev.dovetail.aws.catalog.BuiltInCatalog;
import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.catalog.CatalogException;
import dev.dovetail.aws.logging.LoggingSetup;
import dev.dovetail.sim.simulate.HtmlReport;
import dev.dovetail.sim.simulate.Progress;
import dev.dovetail.sim.simulate.Scenario;
import dev.dovetail.sim.simulate.ScenarioException;
import dev.dovetail.sim.simulate.ScenarioReader;
import dev.dovetail.sim.simulate.Simulation;
import dev.dovetail.sim.simulate.SimulationReport;
import dev.dovetail.sim.simulate.SummaryJson;
import dev.dovetail.sim.simulate.SummaryTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replays a scenario on the real controllers and compares Dovetail with its baselines. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a scenario (a timeline of workload changes, spot interruptions, price changes and"
          + " capacity shortages) on the real Dovetail controllers with a simulated cluster and AWS"
          + " backend on simulated time, and compare it with upstream-like packing, a Cluster"
          + " Autoscaler-like model and the engine's lower bound.",
      "Exit codes: 0 done, 2 unreadable or invalid scenario."
    })
final class SimulateCommand implements Callable<Integer> {
  static final int EXIT_INVALID = 2;

  /** Real time: the run's wall-clock figures and progress. */
  private final Clock wall = Clock.systemUTC();

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "scenario file (kind: Scenario, see docs/user/simulate.md)")
  Path scenarioFile;

  @Option(names = "--seed", description = "random seed (default: the scenario's, else 1)")
  Long seed;

  @Option(
      names = "--catalog",
      description =
          "Instance types CSV (columns in docs/user/plan.md, Catalogs); default: the built-in"
              + " catalog.")
  Path catalogFile;

  @Option(names = "--prices", description = "Price CSV for --catalog (repeatable).")
  List<Path> priceFiles = new ArrayList<>();

  @Option(names = "--offerings", description = "Offerings CSV for --catalog.")
  Path offeringsFile;

  @Option(
      names = "--region",
      description = "region to simulate (default: the scenario's, else the catalog's default)")
  String region;

  @Option(names = "--report", description = "write a self-contained HTML report to this file")
  Path report;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("table") && !output.equals("json")) {
      err.println("error: --output must be table or json");
      return EXIT_INVALID;
    }
    Scenario scenario;
    Catalog catalog;
    try {
      scenario = ScenarioReader.read(scenarioFile, Optional.ofNullable(seed));
      catalog = catalog();
    } catch (ScenarioException e) {
      e.problems().forEach(err::println);
      err.println("simulate: " + e.problems().size() + " problem(s) in " + scenarioFile);
      return EXIT_INVALID;
    } catch (CatalogException e) {
      err.println("error: " + e.getMessage());
      return EXIT_INVALID;
    }
    String simRegion = region != null ? region : scenario.region().orElse(catalog.defaultRegion());
    if (catalog.instanceTypes(simRegion).isEmpty()) {
      err.println(
          "error: the catalog "
              + catalog.source()
              + " offers no instance type in region "
              + simRegion);
      return EXIT_INVALID;
    }
    LoggingSetup.apply(
        System.getenv().getOrDefault("DOVETAIL_SIMULATE_LOG", "error"), LoggingSetup.JSON, "");
    // Vert.x (under the embedded API server) warns when a busy machine blocks its event loop.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.vertx"))
        .setLevel(ch.qos.logback.classic.Level.OFF);

    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch written = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                // Ctrl-C: let the run stop at the next step and write what it has.
                written.await(
                    java.util.concurrent.TimeUnit.SECONDS.toMillis(30),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "simulate-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      SimulationReport result =
          new Simulation(scenario, catalog, simRegion, wall)
              .run(stop::get, Progress.forTerminal(scenario.duration(), wall));
      if (report != null) {
        try {
          Files.writeString(report, HtmlReport.render(result));
        } catch (IOException e) {
          err.println("error: cannot write " + report + ": " + e.getMessage());
          return EXIT_INVALID;
        }
      }
      out.print(output.equals("json") ? SummaryJson.of(result) + "\n" : SummaryTable.of(result));
      if (report != null) {
        err.println("simulate: report written to " + report);
      }
      out.flush();
      return 0;
    } finally {
      written.countDown();
      if (!stop.get()) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already shutting down; the hook runs anyway.
        }
      }
    }
  }

  private Catalog catalog() {
    if (catalogFile == null) {
      if (!priceFiles.isEmpty() || offeringsFile != null) {
        throw new CatalogException("--prices and --offerings need --catalog instance-types.csv");
      }
      return BuiltInCatalog.get();
    }
    return CatalogFiles.load(catalogFile, priceFiles, offeringsFile);
  }
}
