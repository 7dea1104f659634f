package dev.dovetail.aws.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.controllers.interruption.RebalanceAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  @Test
  void defaultsMatchTheUpstreamChart() {
    AwsSettings s = AwsSettings.defaults("prod");
    assertThat(s.vmMemoryOverheadPercent()).isEqualTo(0.075);
    assertThat(s.reservedEnis()).isZero();
    assertThat(s.enableEniLimitedPodDensity()).isTrue();
    assertThat(s.enablePodEni()).isFalse();
    assertThat(s.isolatedVpc()).isFalse();
    assertThat(s.assumeRoleDuration()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void flagsWinOverEnvironmentVariables() {
    AwsSettings s =
        AwsSettings.load(
            List.of(
                "--cluster-name", "from-flag", "--aws-isolated-vpc=true", "--reserved-enis", "1"),
            Map.of(
                "CLUSTER_NAME", "from-env",
                "VM_MEMORY_OVERHEAD_PERCENT", "0.1",
                "AWS_TAGS", "{\"team\": \"infra\", \"cost-center\": \"42\"}"));
    assertThat(s.clusterName()).isEqualTo("from-flag");
    assertThat(s.isolatedVpc()).isTrue();
    assertThat(s.reservedEnis()).isEqualTo(1);
    assertThat(s.vmMemoryOverheadPercent()).isEqualTo(0.1);
    assertThat(s.tags()).containsEntry("team", "infra").containsEntry("cost-center", "42");
  }

  @Test
  void everyBadSettingIsNamed() {
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of(
                        "vmMemoryOverheadPercent", "7.5",
                        "isolatedVPC", "yes",
                        "clusterEndpoint", "http://plain",
                        "tags", "{\"karpenter.sh/managed-by\": \"x\"}",
                        "assumeRoleDuration", "5m")))
        .hasMessageContaining("settings.aws.clusterName is required")
        .hasMessageContaining(
            "settings.aws.vmMemoryOverheadPercent must be a fraction in [0, 1), got 7.5")
        .hasMessageContaining("settings.aws.isolatedVPC must be true or false, got 'yes'")
        .hasMessageContaining("settings.aws.clusterEndpoint must be an https:// URL")
        .hasMessageContaining("settings.aws.tags: key 'karpenter.sh/managed-by' is restricted")
        .hasMessageContaining("settings.aws.assumeRoleDuration must be a duration of at least 15m");
  }

  @Test
  void theRebalanceActionDefaultsToNoneAndIsReadFromFlagOrEnvironment() {
    assertThat(AwsSettings.defaults("c").rebalanceAction()).isEqualTo(RebalanceAction.NONE);
    assertThat(
            AwsSettings.load(
                    List.of("--cluster-name", "c"),
                    Map.of("INTERRUPTION_REBALANCE_ACTION", "Replace"))
                .rebalanceAction())
        .isEqualTo(RebalanceAction.REPLACE);
    assertThat(
            AwsSettings.load(
                    List.of("--cluster-name", "c", "--interruption-rebalance-action=None"),
                    Map.of("INTERRUPTION_REBALANCE_ACTION", "Replace"))
                .rebalanceAction())
        .isEqualTo(RebalanceAction.NONE);
  }

  @Test
  void aBadRebalanceActionIsNamedWithTheAllowedValues() {
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of("clusterName", "c", "interruptionRebalanceAction", "Drain")))
        .hasMessageContaining(
            "settings.interruption.rebalanceAction must be None or Replace, got 'Drain'");
  }
}
