package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.catalog.CatalogLoader;
import dev.dovetail.scheduling.CapacityType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code dovetail catalog generate} in process against the simulated AWS backend. */
class CatalogCommandTest {
  @TempDir Path dir;

  @Test
  void generatesACatalogThatPlanCanLoad() throws Exception {
    Path out = dir.resolve("eu");

    CliRun run =
        CliRun.run(
            "catalog",
            "generate",
            "--region",
            "eu-west-1",
            "--output",
            out.toString(),
            "--simulated");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).startsWith("catalog generate: eu-west-1: ").contains("instance types");
    assertThat(out.resolve("instance-types.csv")).exists();
    assertThat(Files.readAllLines(out.resolve("offerings.csv")).get(0))
        .isEqualTo("region,zone,instance_type");
    Catalog catalog = CatalogLoader.load(out);
    var m5 =
        catalog.describe("eu-west-1").stream()
            .filter(t -> t.name().equals("m5.large"))
            .findFirst()
            .orElseThrow();
    assertThat(m5.offering("eu-west-1a", CapacityType.ON_DEMAND).orElseThrow().pricePerHour())
        .isEqualTo(0.10704);
    assertThat(m5.offering("eu-west-1a", CapacityType.SPOT).orElseThrow().pricePerHour())
        .isLessThan(0.10704);
    assertThat(m5.allocatable().get("cpu")).isEqualTo(1930);
  }

  @Test
  void missingOptionsAreReportedWithoutATrace() {
    CliRun run = CliRun.run("catalog", "generate", "--region", "eu-west-1");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--output");
  }
}
