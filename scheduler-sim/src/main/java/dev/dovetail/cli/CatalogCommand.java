package dev.dovetail.cli;

import dev.dovetail.aws.catalog.CatalogLoader;
import dev.dovetail.aws.catalog.generator.CatalogGenerator;
import dev.dovetail.aws.cloudprovider.AwsClients;
import dev.dovetail.aws.simulated.SimulatedAws;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dovetail catalog}: instance-type catalogs for {@code plan --catalog}. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Instance-type catalogs (instance types, offerings, prices) as CSV files.",
    subcommands = {CatalogCommand.Generate.class})
public final class CatalogCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code dovetail catalog generate --region R --output DIR}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Writes fresh catalog CSVs for a region from the live EC2 and Pricing APIs",
        "(needs AWS credentials with ec2:Describe* and pricing:GetProducts)."
      })
  static final class Generate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--region", required = true, description = "AWS region, e.g. us-east-1")
    String region;

    @Option(names = "--output", required = true, description = "directory to write the CSVs to")
    Path output;

    @Option(
        names = "--endpoint",
        description = "send every AWS call to this endpoint (e.g. a local moto server)")
    URI endpoint;

    @Option(
        names = "--simulated",
        description = "use Dovetail's simulated AWS backend instead of the live APIs")
    boolean simulated;

    @Override
    public Integer call() {
      Clock clock = Clock.systemUTC();
      CatalogGenerator.Summary summary;
      if (simulated) {
        SimulatedAws aws = SimulatedAws.builtIn(region, clock);
        summary = new CatalogGenerator(aws.ec2(), aws.pricing(), clock).generate(region, output);
      } else {
        try (AwsClients clients = AwsClients.create(region, Optional.ofNullable(endpoint))) {
          summary =
              new CatalogGenerator(clients.ec2(), clients.pricing(), clock)
                  .generate(region, output);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
          String m = String.valueOf(e.getMessage());
          spec.commandLine()
              .getErr()
              .println(
                  m.startsWith("Unable to load credentials")
                      ? "error: catalog generate needs AWS credentials (AWS_ACCESS_KEY_ID and"
                          + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance or container role)"
                      : "error: calling AWS failed: " + m);
          return 2;
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
          spec.commandLine()
              .getErr()
              .println(
                  "error: "
                      + e.awsErrorDetails().serviceName()
                      + " "
                      + e.awsErrorDetails().errorCode()
                      + ": "
                      + e.awsErrorDetails().errorMessage());
          return 2;
        }
      }
      // reading it back proves plan --catalog can use it
      CatalogLoader.load(output);
      spec.commandLine()
          .getErr()
          .printf(
              "catalog generate: %s: %d instance types, %d offerings, %d on-demand and %d spot"
                  + " prices written to %s%n",
              region,
              summary.instanceTypes(),
              summary.offerings(),
              summary.onDemandPrices(),
              summary.spotPrices(),
              output);
      return 0;
    }
  }
}
