package dev.dovetail.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String errors() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void coreOptionsAndAwsSettingsAreReadFromFlagsAndEnvironment() {
    Optional<Main.Parsed> parsed =
        Main.parse(
            List.of("--batch-idle-duration=2s", "--leader-elect=false", "--isolated-vpc", "true"),
            Map.of("CLUSTER_NAME", "my-cluster", "AWS_REGION", "us-east-1"),
            err);

    assertThat(errors()).isEmpty();
    assertThat(parsed).isPresent();
    assertThat(parsed.get().options().batchIdleDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(parsed.get().options().leaderElect()).isFalse();
    assertThat(parsed.get().settings().clusterName()).isEqualTo("my-cluster");
    assertThat(parsed.get().settings().isolatedVpc()).isTrue();
    assertThat(parsed.get().region()).isEqualTo("us-east-1");
    assertThat(parsed.get().simulated()).isFalse();
  }

  @Test
  void everyBadOptionIsNamedWithoutAStackTrace() {
    Optional<Main.Parsed> parsed =
        Main.parse(List.of("--batch-idle-duration=soon", "--metrics-port=0"), Map.of(), err);

    assertThat(parsed).isEmpty();
    assertThat(errors())
        .contains("--batch-idle-duration")
        .contains("--metrics-port")
        .contains("CLUSTER_NAME")
        .contains("AWS_REGION")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void theSimulatedBackendNeedsNoRegion() {
    Optional<Main.Parsed> parsed =
        Main.parse(List.of("--simulated", "--cluster-name", "demo"), Map.of(), err);

    assertThat(errors()).isEmpty();
    assertThat(parsed).hasValueSatisfying(p -> assertThat(p.simulated()).isTrue());
    assertThat(parsed.get().region()).isEqualTo("us-west-2");
  }

  @Test
  void unknownFlagsAreRefusedAndHelpListsEveryOption() {
    var err = new java.io.ByteArrayOutputStream();
    assertThat(
            Main.parse(
                List.of("--simulated", "--cluster-name", "demo", "--cluster-nmae", "x"),
                Map.of(),
                new java.io.PrintStream(err, true)))
        .isEmpty();
    assertThat(err.toString()).contains("unknown option(s) --cluster-nmae");
    assertThat(Main.usage())
        .contains("--leader-elect")
        .contains("--aws-cluster-name  CLUSTER_NAME")
        .contains("--aws-assume-role-arn  AWS_ASSUME_ROLE_ARN");
  }
}
