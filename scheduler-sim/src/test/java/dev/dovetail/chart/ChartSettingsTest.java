package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.controllers.deprovisioning.DeprovisioningController;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.operator.OptionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A values file written for the Karpenter v0.31 chart, reused unchanged: its settings reach the
 * daemon as the environment variables that {@link OperatorOptions} and {@link AwsSettings} read,
 * and those parsers accept what the chart renders.
 */
class ChartSettingsTest {
  private static HelmChart chart;
  private static HelmChart.Rendered karpenterValues;

  @BeforeAll
  static void render() {
    chart = HelmChart.load();
    karpenterValues = chart.template(Map.of(), HelmChart.resource("karpenter-v0.31-values.yaml"));
  }

  @Test
  void karpenterSettingsBecomeTheDaemonsEnvironment() {
    Map<String, String> env = literalEnv(karpenterValues);
    assertThat(env)
        .containsEntry("CLUSTER_NAME", "prod-eu")
        .containsEntry(
            "CLUSTER_ENDPOINT", "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com")
        .containsEntry("AWS_DEFAULT_INSTANCE_PROFILE", "KarpenterNodeInstanceProfile-prod-eu")
        .containsEntry("INTERRUPTION_QUEUE_NAME", "prod-eu")
        .containsEntry("VM_MEMORY_OVERHEAD_PERCENT", "0.1")
        .containsEntry("AWS_ENABLE_POD_ENI", "true")
        .containsEntry("AWS_ENABLE_ENI_LIMITED_POD_DENSITY", "false")
        .containsEntry("ISOLATED_VPC", "true")
        .containsEntry("RESERVED_ENIS", "1")
        .containsEntry("AWS_TAGS", "{\"cost-center\":\"4711\",\"team\":\"platform\"}")
        .containsEntry("AWS_ASSUME_ROLE_ARN", "arn:aws:iam::444455556666:role/DovetailCrossAccount")
        .containsEntry("AWS_ASSUME_ROLE_DURATION", "30m")
        .containsEntry("BATCH_MAX_DURATION", "15s")
        .containsEntry("BATCH_IDLE_DURATION", "2s")
        .containsEntry("LOG_LEVEL", "debug")
        .containsEntry("LOG_FORMAT", "console")
        .containsEntry("METRICS_PORT", "8000")
        .containsEntry("HEALTH_PROBE_PORT", "8081")
        .containsEntry("KUBE_CLIENT_QPS", "200")
        .containsEntry("KUBE_CLIENT_BURST", "300")
        .containsEntry("LEADER_ELECT", "true")
        .containsEntry("LEADER_ELECTION_NAME", "dovetail-leader-election")
        .containsEntry("AWS_REGION", "eu-west-1");
    assertThat(env.get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:MaxRAMPercentage=75")
        .contains("-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void theNamespaceAndMemoryLimitComeFromTheDownwardApi() {
    List<EnvVar> env = controller(karpenterValues).getEnv();
    assertThat(fieldRef(env, "SYSTEM_NAMESPACE")).isEqualTo("metadata.namespace");
    assertThat(fieldRef(env, "LEADER_ELECTION_NAMESPACE")).isEqualTo("metadata.namespace");
    EnvVar memory =
        env.stream().filter(e -> e.getName().equals("MEMORY_LIMIT")).findFirst().orElseThrow();
    assertThat(memory.getValueFrom().getResourceFieldRef().getContainerName())
        .isEqualTo("controller");
    assertThat(memory.getValueFrom().getResourceFieldRef().getResource())
        .isEqualTo("limits.memory");
  }

  @Test
  void everyOptionOfTheDaemonIsSetByTheChart() {
    Map<String, String> env = literalEnv(karpenterValues);
    List<String> names =
        controller(karpenterValues).getEnv().stream().map(EnvVar::getName).toList();
    for (OptionSpec spec : OperatorOptions.SPECS) {
      assertThat(names).as("option %s", spec.flag()).contains(spec.env());
    }
    assertThat(names).containsAll(AwsSettings.ENV.values());
    assertThat(names).doesNotHaveDuplicates();
    assertThat(env).doesNotContainKey("AWS_CLUSTER_NAME");
  }

  @Test
  void theDaemonsParsersAcceptTheRenderedEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(literalEnv(karpenterValues));
    env.put("SYSTEM_NAMESPACE", HelmChart.NAMESPACE);
    env.put("LEADER_ELECTION_NAMESPACE", HelmChart.NAMESPACE);

    OperatorOptions options = OperatorOptions.parse(env);
    assertThat(options.batchMaxDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(options.batchIdleDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.clusterName()).isEqualTo("prod-eu");
    assertThat(options.logFormat()).isEqualTo("console");
    assertThat(options.leaderElectionNamespace()).isEqualTo(HelmChart.NAMESPACE);

    AwsSettings aws = AwsSettings.load(List.of(), env);
    assertThat(aws.clusterName()).isEqualTo("prod-eu");
    assertThat(aws.vmMemoryOverheadPercent()).isEqualTo(0.1);
    assertThat(aws.reservedEnis()).isEqualTo(1);
    assertThat(aws.enablePodEni()).isTrue();
    assertThat(aws.enableEniLimitedPodDensity()).isFalse();
    assertThat(aws.isolatedVpc()).isTrue();
    assertThat(aws.tags())
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "platform", "cost-center", "4711"));
    assertThat(aws.assumeRoleDuration()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void theDefaultsAreTheDaemonsDefaults() {
    HelmChart.Rendered defaults = chart.template(Map.of("settings.aws.clusterName", "my-cluster"));
    Map<String, String> env = new LinkedHashMap<>(literalEnv(defaults));
    env.put("LEADER_ELECTION_NAMESPACE", HelmChart.NAMESPACE);
    assertThat(AwsSettings.load(List.of(), env)).isEqualTo(AwsSettings.defaults("my-cluster"));
    OperatorOptions options = OperatorOptions.parse(env);
    assertThat(options)
        .isEqualTo(
            OperatorOptions.parse(
                Map.of(
                    "CLUSTER_NAME",
                    "my-cluster",
                    "LEADER_ELECTION_NAMESPACE",
                    HelmChart.NAMESPACE)));
    // Unset optional settings are left out rather than rendered empty.
    assertThat(env)
        .doesNotContainKeys(
            "CLUSTER_ENDPOINT",
            "AWS_DEFAULT_INSTANCE_PROFILE",
            "INTERRUPTION_QUEUE_NAME",
            "AWS_TAGS",
            "AWS_ASSUME_ROLE_ARN");
  }

  @Test
  void theRebalanceActionReachesTheDaemonAndOnlyNoneOrReplaceAreAccepted() {
    HelmChart.Rendered defaults = chart.template(Map.of("settings.aws.clusterName", "c"));
    assertThat(literalEnv(defaults)).containsEntry("INTERRUPTION_REBALANCE_ACTION", "None");
    HelmChart.Rendered replace =
        chart.template(
            Map.of(
                "settings.aws.clusterName", "c",
                "settings.interruption.rebalanceAction", "Replace"));
    assertThat(AwsSettings.load(List.of(), literalEnv(replace)).rebalanceAction())
        .isEqualTo(dev.dovetail.aws.controllers.interruption.RebalanceAction.REPLACE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                chart.template(
                    Map.of(
                        "settings.aws.clusterName", "c",
                        "settings.interruption.rebalanceAction", "Drain")))
        .hasMessageContaining("rebalanceAction");
  }

  @Test
  void theDriftFeatureGateReachesTheDeprovisioner() {
    Map<String, String> karpenter = literalEnv(karpenterValues);
    assertThat(karpenter).containsEntry("FEATURE_GATES_DRIFT_ENABLED", "true");
    assertThat(DeprovisioningController.Settings.fromEnvironment(karpenter).driftEnabled())
        .isTrue();

    Map<String, String> defaults =
        literalEnv(chart.template(Map.of("settings.aws.clusterName", "c")));
    assertThat(defaults).containsEntry("FEATURE_GATES_DRIFT_ENABLED", "false");
    assertThat(DeprovisioningController.Settings.fromEnvironment(defaults).driftEnabled())
        .isFalse();

    Map<String, String> set =
        literalEnv(
            chart.template(
                Map.of(
                    "settings.aws.clusterName", "c", "settings.featureGates.driftEnabled", true)));
    assertThat(set).containsEntry("FEATURE_GATES_DRIFT_ENABLED", "true");
    assertThat(DeprovisioningController.Settings.fromEnvironment(set).driftEnabled()).isTrue();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                chart.template(
                    Map.of(
                        "settings.aws.clusterName", "c",
                        "settings.featureGates.driftEnabled", "sometimes")))
        .hasMessageContaining("driftEnabled");
  }

  @Test
  void irsaAndTheNamesOfTheKarpenterFileAreKept() {
    ServiceAccount account = karpenterValues.one(ServiceAccount.class);
    assertThat(account.getMetadata().getName()).isEqualTo("karpenter");
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn",
            "arn:aws:iam::111122223333:role/KarpenterControllerRole-prod-eu");
    assertThat(karpenterValues.one(PodDisruptionBudget.class).getMetadata().getName())
        .isEqualTo("karpenter");
    assertThat(controller(karpenterValues).getResources().getLimits().get("memory").toString())
        .isEqualTo("1Gi");
  }

  @Test
  void theControllerLogLevelOverridesTheGlobalOne() {
    HelmChart.Rendered rendered =
        chart.template(
            Map.of(
                "settings.aws.clusterName",
                "c",
                "logLevel",
                "info",
                "controller.logLevel",
                "warn"));
    assertThat(literalEnv(rendered)).containsEntry("LOG_LEVEL", "warn");
  }

  static Container controller(HelmChart.Rendered rendered) {
    return ChartRenderTest.controller(rendered.one(Deployment.class));
  }

  /** Environment variables with literal values, by name. */
  static Map<String, String> literalEnv(HelmChart.Rendered rendered) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : controller(rendered).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private static String fieldRef(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name))
        .getValueFrom()
        .getFieldRef()
        .getFieldPath();
  }
}
