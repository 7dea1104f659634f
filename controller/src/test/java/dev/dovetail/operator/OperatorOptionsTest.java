package dev.dovetail.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorOptionsTest {
  private static final Map<String, String> CLUSTER = Map.of("CLUSTER_NAME", "prod");

  @Test
  void defaultsAreKarpenters() {
    OperatorOptions options = OperatorOptions.parse(CLUSTER);

    assertThat(options.batchIdleDuration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.batchMaxDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.metricsPort()).isEqualTo(8000);
    assertThat(options.healthProbePort()).isEqualTo(8081);
    assertThat(options.logLevel()).isEqualTo("info");
    assertThat(options.logFormat()).isEqualTo("json");
    assertThat(options.leaderElect()).isTrue();
    assertThat(options.leaderElectionNamespace()).isEqualTo("kube-system");
    assertThat(options.leaderElectionName()).isEqualTo("dovetail-leader-election");
    assertThat(options.clusterName()).isEqualTo("prod");
    assertThat(options.kubeClientQps()).isEqualTo(200);
    assertThat(options.kubeClientBurst()).isEqualTo(300);
  }

  @Test
  void environmentOverridesDefaultsAndFlagsOverrideTheEnvironment() {
    OperatorOptions options =
        OperatorOptions.parse(
            Map.of("CLUSTER_NAME", "env", "BATCH_MAX_DURATION", "20s", "LOG_LEVEL", "DEBUG"),
            "--cluster-name=flag",
            "--batch-idle-duration",
            "2s",
            "--leader-elect=false",
            "--log-format=console");

    assertThat(options.clusterName()).isEqualTo("flag");
    assertThat(options.batchIdleDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.batchMaxDuration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.logLevel()).isEqualTo("debug");
    assertThat(options.logFormat()).isEqualTo("console");
    assertThat(options.leaderElect()).isFalse();
  }

  @Test
  void aBooleanFlagAloneMeansTrue() {
    assertThat(
            OperatorOptions.parse(
                    Map.of("CLUSTER_NAME", "c", "LEADER_ELECT", "false"), "--leader-elect")
                .leaderElect())
        .isTrue();
  }

  @Test
  void batchDurationsBelowOneSecondAreRejectedNamingTheOption() {
    assertThatThrownBy(
            () ->
                OperatorOptions.parse(
                    CLUSTER, "--batch-idle-duration=500ms", "--batch-max-duration=0"))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "invalid --batch-idle-duration (BATCH_IDLE_DURATION) \"500ms\": must be at"
                            + " least 1s",
                        "invalid --batch-max-duration (BATCH_MAX_DURATION) \"0\": must be at least"
                            + " 1s"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                OperatorOptions.parse(
                    Map.of("METRICS_PORT", "80000", "KUBE_CLIENT_QPS", "fast"),
                    "--log-level=verbose",
                    "--batch-idle-duration=soon",
                    "--no-such-flag"))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "unknown option --no-such-flag",
                        "invalid --batch-idle-duration (BATCH_IDLE_DURATION) \"soon\": \"soon\" is"
                            + " not a duration (expected for example 500ms, 10s, 1m30s)",
                        "invalid --metrics-port (METRICS_PORT) \"80000\": must be between 1 and"
                            + " 65535",
                        "invalid --log-level (LOG_LEVEL) \"verbose\": must be one of debug, info,"
                            + " warn, error",
                        "--cluster-name (CLUSTER_NAME) is required",
                        "invalid --kube-client-qps (KUBE_CLIENT_QPS) \"fast\": must be a whole"
                            + " number"));
  }

  @Test
  void theTwoPortsMustDiffer() {
    assertThatThrownBy(() -> OperatorOptions.parse(CLUSTER, "--health-probe-port=8000"))
        .hasMessage(
            "invalid --health-probe-port (HEALTH_PROBE_PORT) \"8000\": must differ from"
                + " --metrics-port");
  }

  @Test
  void aFlagWithoutValueIsReported() {
    assertThatThrownBy(() -> OperatorOptions.parse(CLUSTER, "--metrics-port"))
        .hasMessage("--metrics-port (METRICS_PORT) needs a value");
  }

  @Test
  void usageListsEveryOptionWithItsVariableAndDefault() {
    String usage = OptionValues.usage(OperatorOptions.SPECS);

    assertThat(usage)
        .contains("--batch-max-duration (BATCH_MAX_DURATION)")
        .contains("[default 10s]");
    assertThat(usage.lines()).hasSize(OperatorOptions.SPECS.size());
  }
}
