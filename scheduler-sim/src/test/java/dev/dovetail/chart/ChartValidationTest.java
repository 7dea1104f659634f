package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code helm lint --strict}, and bad values rejected before anything reaches the cluster. */
class ChartValidationTest {
  private static HelmChart chart;

  @BeforeAll
  static void load() {
    chart = HelmChart.load();
  }

  @Test
  void lintStrictPasses() {
    LintResult result = chart.helm().lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void aMissingClusterNameIsRejectedWithTheFix() {
    assertThatThrownBy(() -> chart.template(Map.of()))
        .hasMessageContaining("settings.aws.clusterName is required")
        .hasMessageContaining("--set settings.aws.clusterName=");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicas|0|/replicas",
        "logEncoding|text|/logEncoding",
        "logLevel|verbose|/logLevel",
        "replcas|2|replcas",
        "settings.aws.vmMemoryOverheadPercent|1.5|/settings/aws/vmMemoryOverheadPercent",
        "settings.aws.clusterName|my cluster|/settings/aws/clusterName",
        "settings.aws.clusterEndpoint|http://api.example.com|/settings/aws/clusterEndpoint",
        "settings.batchIdleDuration|1 second|/settings/batchIdleDuration",
        "settings.aws.assumeRoleDuration|1.5h|/settings/aws/assumeRoleDuration",
        "controller.metrics.port|70000|/controller/metrics/port",
        "settings.aws.enablePodENI|maybe|/settings/aws/enablePodENI",
        "settings.aws.reservedENIs|two|/settings/aws/reservedENIs",
        "settings.aws.reservedENIs|-1|/settings/aws/reservedENIs",
      })
  void schemaViolationsNameTheValue(String key, String value, String named) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("settings.aws.clusterName", "c");
    values.put(key, value);
    assertThatThrownBy(() -> chart.template(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "https://x.example.com/'$(reboot)'",
        "https://x.example.com' ; touch /tmp/pwned ; echo '",
        "https://user@x.example.com",
        "https://x.example.com/?q=1",
        "https://x.example.com\nkey: value",
      })
  void aHostileClusterEndpointIsRejected(String endpoint) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("settings.aws.clusterName", "c");
    values.put("settings.aws.clusterEndpoint", endpoint);
    assertThatThrownBy(() -> chart.template(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("/settings/aws/clusterEndpoint");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"x' ; touch /tmp/pwned ; echo '", "$(reboot)", "a\nb", "-leading-dash"})
  void aHostileClusterNameIsRejected(String name) {
    assertThatThrownBy(() -> chart.template(Map.of("settings.aws.clusterName", name)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("/settings/aws/clusterName");
  }

  @Test
  void aPlainClusterEndpointIsAccepted() {
    assertThat(
            chart
                .template(
                    Map.of(
                        "settings.aws.clusterName",
                        "c",
                        "settings.aws.clusterEndpoint",
                        "https://ABC123.gr7.us-east-1.eks.amazonaws.com:443/"))
                .yaml())
        .contains("https://ABC123.gr7.us-east-1.eks.amazonaws.com:443/");
  }

  @Test
  void severalReplicasNeedLeaderElection() {
    assertThatThrownBy(
            () ->
                chart.template(
                    Map.of("settings.aws.clusterName", "c", "leaderElection.enabled", false)))
        .hasMessageContaining("leaderElection.enabled=false needs replicas=1, got replicas=2");
    assertThat(
            chart.template(
                Map.of(
                    "settings.aws.clusterName",
                    "c",
                    "leaderElection.enabled",
                    false,
                    "replicas",
                    1)))
        .isNotNull();
  }

  @Test
  void probeAndMetricsPortsMustDiffer() {
    assertThatThrownBy(
            () ->
                chart.template(
                    Map.of("settings.aws.clusterName", "c", "controller.healthProbe.port", 8000)))
        .hasMessageContaining(
            "controller.healthProbe.port must differ from controller.metrics.port");
  }

  @Test
  void restrictedTagsAreRejected() {
    assertThatThrownBy(
            () ->
                chart.template(
                    Map.of(
                        "settings.aws.clusterName", "c",
                        "settings.aws.tags.karpenter\\.sh/managed-by", "me")))
        .hasMessageContaining("settings.aws.tags: key \"karpenter.sh/managed-by\" is restricted");
  }
}
