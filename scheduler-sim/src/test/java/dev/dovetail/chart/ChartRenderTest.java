package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code helm template} with the chart's defaults plus a cluster name: what gets installed. */
class ChartRenderTest {
  private static HelmChart chart;
  private static HelmChart.Rendered rendered;

  @BeforeAll
  static void render() {
    chart = HelmChart.load();
    rendered = chart.template(Map.of("settings.aws.clusterName", "my-cluster"));
  }

  @Test
  void rendersEveryObjectTheControllerNeeds() {
    assertThat(rendered.documents())
        .extracting(d -> d.object().getKind() + "/" + d.object().getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/dovetail",
            "ClusterRole/dovetail",
            "ClusterRoleBinding/dovetail",
            "Role/dovetail",
            "RoleBinding/dovetail",
            "Service/dovetail",
            "PodDisruptionBudget/dovetail",
            "Deployment/dovetail");
    assertThat(rendered.documents())
        .filteredOn(d -> !d.object().getKind().startsWith("Cluster"))
        .allSatisfy(
            d ->
                assertThat(d.object().getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE));
  }

  @Test
  void everyDocumentHasOnlyFieldsKubernetesKnows() {
    assertThat(rendered.documents())
        .allSatisfy(
            d ->
                assertThat(UnknownFields.of(d.object()))
                    .as("unknown fields in %s", d.source())
                    .isEmpty());
  }

  @Test
  void everyOptionalBlockRendersIntoValidObjects() {
    HelmChart.Rendered everything =
        chart.template(Map.of(), HelmChart.resource("every-option-values.yaml"));
    assertThat(everything.documents())
        .allSatisfy(
            d ->
                assertThat(UnknownFields.of(d.object()))
                    .as("unknown fields in %s", d.source())
                    .isEmpty());
    assertThat(everything.documents())
        .allSatisfy(
            d -> {
              assertThat(d.object().getMetadata().getName()).isEqualTo("autoscaler");
              assertThat(d.object().getMetadata().getLabels()).containsEntry("team", "platform");
              assertThat(d.object().getMetadata().getAnnotations())
                  .containsEntry("owner", "platform@example.com");
            });
    Deployment deployment = everything.one(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container controller = controller(deployment);
    assertThat(controller.getImage())
        .isEqualTo(
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/dovetail:0.1.0@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("controller", "log-shipper");
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("tmp", "ca");
    assertThat(controller.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/tmp", "/etc/ssl/corporate");
    assertThat(controller.getEnvFrom())
        .singleElement()
        .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("dovetail-extra"));
    assertThat(controller.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue())
                    .startsWith("-XX:MaxRAMPercentage=60 ")
                    .endsWith(" -Xss512k"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("cluster-autoscaler.kubernetes.io/safe-to-evict", "false");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("sidecar.istio.io/inject", "false");
    assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
    assertThat(pod.getDnsConfig().getOptions())
        .singleElement()
        .satisfies(o -> assertThat(o.getValue()).isEqualTo("2"));
    // Helm merges the user's affinity into the default one; added terms get the selector labels.
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(t -> assertSelects(t.getLabelSelector(), deployment));
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(w -> assertSelects(w.getPodAffinityTerm().getLabelSelector(), deployment));
    assertThat(everything.yaml().lines()).noneMatch(line -> !line.isEmpty() && line.isBlank());
  }

  @Test
  void theUnknownFieldCheckCatchesATypo() {
    HasMetadata typo =
        new KubernetesSerialization()
            .unmarshal(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replcas: 2
                  template:
                    spec:
                      containers:
                        - name: c
                          imagePullPolcy: Always
                """);
    assertThat(UnknownFields.of(typo))
        .containsExactlyInAnyOrder(
            "Deployment.spec: [replcas]",
            "Deployment.spec.template.spec.containers[0]: [imagePullPolcy]");
  }

  @Test
  void optionalValuesLeaveNoPaddingLinesBehind() {
    HelmChart.Rendered karpenter =
        chart.template(Map.of(), HelmChart.resource("karpenter-v0.31-values.yaml"));
    assertThat(rendered.yaml().lines()).noneMatch(line -> !line.isEmpty() && line.isBlank());
    assertThat(karpenter.yaml().lines()).noneMatch(line -> !line.isEmpty() && line.isBlank());
  }

  @Test
  void everyObjectCarriesTheStandardLabels() {
    assertThat(rendered.documents())
        .allSatisfy(
            d ->
                assertThat(d.object().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/name", "dovetail")
                    .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsEntry("helm.sh/chart", "dovetail-0.1.0"));
  }

  @Test
  void theControllerContainerIsNamedControllerAndFoundByTheDocumentedSelector() {
    Deployment deployment = rendered.one(Deployment.class);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsEntry("app.kubernetes.io/name", "dovetail");
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("controller");
  }

  @Test
  void placementFollowsTheUpstreamChart() {
    Deployment deployment = rendered.one(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getDnsPolicy()).isEqualTo("Default");
    assertThat(pod.getHostNetwork()).isFalse();
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("CriticalAddonsOnly");
              assertThat(t.getOperator()).isEqualTo("Exists");
            });
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions())
        .anySatisfy(
            e -> {
              assertThat(e.getKey()).isEqualTo("karpenter.sh/provisioner-name");
              assertThat(e.getOperator()).isEqualTo("DoesNotExist");
            });
    var antiAffinity =
        pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(antiAffinity)
        .singleElement()
        .satisfies(
            term -> {
              assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertSelects(term.getLabelSelector(), deployment);
            });
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(
            spread -> {
              assertThat(spread.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
              assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
              assertSelects(spread.getLabelSelector(), deployment);
            });
  }

  @Test
  void theContainerIsLockedDown() {
    Container controller = controller(rendered.one(Deployment.class));
    var security = controller.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getRunAsUser()).isPositive();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(controller.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void probesAndMetricsUseTheConfiguredPorts() {
    Container controller = controller(rendered.one(Deployment.class));
    assertThat(controller.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("http-metrics:8000", "http-health:8081");
    assertThat(controller.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(controller.getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-health");
    assertThat(controller.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(controller.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(controller.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-health");

    Service service = rendered.one(Service.class);
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getPort()).isEqualTo(8000);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http-metrics");
            });
    assertThat(service.getSpec().getSelector())
        .isEqualTo(rendered.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theDisruptionBudgetCoversTheControllerPods() {
    PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertSelects(budget.getSpec().getSelector(), rendered.one(Deployment.class));
  }

  @Test
  void theDeploymentRunsAsTheRenderedServiceAccount() {
    assertThat(
            rendered
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo(rendered.one(ServiceAccount.class).getMetadata().getName());
  }

  @Test
  void anExistingServiceAccountIsUsedWithoutCreatingOne() {
    HelmChart.Rendered existing =
        chart.template(
            Map.of(
                "settings.aws.clusterName", "my-cluster",
                "serviceAccount.create", false,
                "serviceAccount.name", "karpenter"));
    assertThat(existing.all(ServiceAccount.class)).isEmpty();
    assertThat(
            existing
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("karpenter");
  }

  @Test
  void theServiceMonitorScrapesTheMetricsPortWhenEnabled() {
    HelmChart.Rendered monitored =
        chart.template(
            Map.of(
                "settings.aws.clusterName", "my-cluster",
                "serviceMonitor.enabled", true,
                "serviceMonitor.additionalLabels.release", "prometheus",
                "serviceMonitor.endpointConfig.interval", "15s"));
    GenericKubernetesResource monitor =
        monitored.all(GenericKubernetesResource.class).stream()
            .filter(r -> r.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ServiceMonitor rendered"));
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.<List<Map<String, Object>>>get("spec", "endpoints"))
        .singleElement()
        .isEqualTo(Map.of("port", "http-metrics", "path", "/metrics", "interval", "15s"));
    assertThat(monitor.<Map<String, Object>>get("spec", "selector", "matchLabels"))
        .isEqualTo(monitored.one(Service.class).getSpec().getSelector());
    assertThat(rendered.all(GenericKubernetesResource.class)).isEmpty();
  }

  static Container controller(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("controller"))
        .findFirst()
        .orElseThrow();
  }

  private static void assertSelects(LabelSelector selector, Deployment deployment) {
    assertThat(selector).as("label selector").isNotNull();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(selector.getMatchLabels());
    assertThat(selector.getMatchLabels()).containsEntry("app.kubernetes.io/name", "dovetail");
  }
}
