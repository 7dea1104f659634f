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

  @Test
  void aHostileClusterNameOrEndpointIsRefused() {
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of(
                        "clusterName", "demo' ; touch /tmp/pwned ; echo '",
                        "clusterEndpoint", "https://x.example.com/'$(reboot)'")))
        .hasMessageContaining("settings.aws.clusterName must be 1-100 letters")
        .hasMessageContaining("settings.aws.clusterEndpoint must be an https:// URL");
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of("clusterName", "a", "clusterEndpoint", "https://h\nkey: value")))
        .hasMessageContaining("settings.aws.clusterEndpoint");
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of("clusterName", "a", "clusterEndpoint", "https://user@h.example.com")))
        .hasMessageContaining("settings.aws.clusterEndpoint");
    AwsSettings ok =
        AwsSettings.parse(
            Map.of(
                "clusterName", "My_cluster-1",
                "clusterEndpoint", "https://ABC.gr7.us-east-1.eks.amazonaws.com:443/"));
    assertThat(ok.clusterName()).isEqualTo("My_cluster-1");
  }

  @Test
  void nonFiniteNumbersReservedTagsAndMalformedTagJsonAreRefused() {
    assertThatThrownBy(
            () -> AwsSettings.parse(Map.of("clusterName", "a", "vmMemoryOverheadPercent", "NaN")))
        .hasMessageContaining("settings.aws.vmMemoryOverheadPercent must be a finite number");
    assertThatThrownBy(
            () -> AwsSettings.parse(Map.of("clusterName", "a", "reservedENIs", "Infinity")))
        .hasMessageContaining("settings.aws.reservedENIs must be a finite number");
    assertThatThrownBy(
            () -> AwsSettings.parse(Map.of("clusterName", "a", "tags", "{\"aws:owner\": \"x\"}")))
        .hasMessageContaining("settings.aws.tags: key 'aws:owner' uses the reserved aws: prefix");
    for (String bad :
        new String[] {
          "{\"a\": 1}", "{\"a\": \"b\"} trailing", "{\"a\"\"b\"}", "[]", "{\"a\":\"b\",\"a\":\"c\"}"
        }) {
      assertThatThrownBy(() -> AwsSettings.parse(Map.of("clusterName", "a", "tags", bad)))
          .as(bad)
          .hasMessageContaining("settings.aws.tags (AWS_TAGS) must be a JSON object of strings");
    }
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of("clusterName", "a", "assumeRoleDuration", "99999999999999999999h")))
        .hasMessageContaining("settings.aws.assumeRoleDuration");
  }

  @Test
  void anAssumeRoleArnMustBeARoleArnAndTheDurationAtMostTwelveHours() {
    assertThatThrownBy(
            () ->
                AwsSettings.parse(
                    Map.of(
                        "clusterName", "a",
                        "assumeRoleARN", "arn:aws:iam::1:user/me",
                        "assumeRoleDuration", "13h")))
        .hasMessageContaining("settings.aws.assumeRoleARN must be an IAM role ARN")
        .hasMessageContaining("settings.aws.assumeRoleDuration must be at most 12h");
  }
}
